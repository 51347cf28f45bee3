// Loads generated rows into the emulator stores.
import type { CampaignStore } from '../campaign/store.ts';
import type { CampaignSeedOptions } from './campaign.ts';
import { campaignProfiles } from './campaign.ts';
import type { DynamicsRow, SeedOptions } from './dynamics.ts';
import { contacts, vehiclesOf, visitsOf } from './dynamics.ts';

/** What the Dynamics emulator store exposes for direct (unvalidated) inserts. */
export interface DynamicsSink {
  /** Returns the stored row object (helper D's Store does). */
  upsert(logicalName: string, values: Record<string, unknown>): unknown;
  table?(logicalName: string): unknown;
}

// The store stamps createdon/modifiedon with its clock; seeded rows keep their generated history so
// opt-out conflict rules see both "Dynamics newer" and "Campaign newer" cases.
function keepTimestamps(stored: unknown, generated: DynamicsRow): void {
  if (typeof stored !== 'object' || stored === null) return;
  const row = stored as Record<string, unknown>;
  if (typeof row.modifiedon === 'string' && generated.modifiedon) row.modifiedon = generated.modifiedon;
  if (typeof row.createdon === 'string' && generated.createdon) row.createdon = generated.createdon;
}

/** Tables seedDynamics fills with its own generators. */
export const SEEDED_TABLES: ReadonlySet<string> = new Set(['contact', 'ferry_vehicle', 'ferry_servicevisit']);

/** Inserts contacts, ferry_vehicle and ferry_servicevisit rows (tables missing from the metadata are skipped). */
export function seedDynamics(
  store: DynamicsSink,
  o: SeedOptions,
): { contacts: number; vehicles: number; visits: number } {
  const has = (t: string): boolean => (store.table ? store.table(t) !== undefined : true);
  const counts = { contacts: 0, vehicles: 0, visits: 0 };
  let i = 0;
  for (const c of contacts(o)) {
    keepTimestamps(store.upsert('contact', c), c);
    counts.contacts++;
    const vs: DynamicsRow[] = has('ferry_vehicle') ? vehiclesOf(o.seed, i) : [];
    for (const v of vs) {
      store.upsert('ferry_vehicle', v);
      counts.vehicles++;
      if (!has('ferry_servicevisit')) continue;
      for (const s of visitsOf(o.seed, v)) {
        store.upsert('ferry_servicevisit', s);
        counts.visits++;
      }
    }
    i++;
  }
  return counts;
}

/** Inserts the pre-existing profiles (no engine calls counted: they predate ferry). */
export function seedCampaign(store: CampaignStore, o: CampaignSeedOptions): number {
  let n = 0;
  for (const p of campaignProfiles(o)) {
    store.create('profile', p.fields, { created: p.created, lastModified: p.lastModified });
    n++;
  }
  return n;
}
