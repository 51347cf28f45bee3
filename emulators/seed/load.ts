// Loads generated rows into the emulator stores.
import type { CampaignStore } from '../campaign/store.ts';
import type { CampaignSeedOptions } from './campaign.ts';
import { campaignProfiles } from './campaign.ts';
import type { DynamicsRow, SeedOptions } from './dynamics.ts';
import { contacts, vehiclesOf, visitsOf } from './dynamics.ts';

/** What the Dynamics emulator store exposes for direct (unvalidated) inserts. */
export interface DynamicsSink {
  upsert(logicalName: string, values: Record<string, unknown>): unknown;
  table?(logicalName: string): unknown;
}

/** Inserts contacts, ferry_vehicle and ferry_servicevisit rows (tables missing from the metadata are skipped). */
export function seedDynamics(store: DynamicsSink, o: SeedOptions): { contacts: number; vehicles: number; visits: number } {
  const has = (t: string): boolean => (store.table ? store.table(t) !== undefined : true);
  const counts = { contacts: 0, vehicles: 0, visits: 0 };
  let i = 0;
  for (const c of contacts(o)) {
    store.upsert('contact', c);
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
