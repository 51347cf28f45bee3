// Pre-existing Campaign profiles: some linked to contacts (not created by ferry, with conflicting opt-outs
// and timestamps), some with no externalId at all (ferry must never touch those).
import type { Json } from '../common/json.ts';
import type { SeedOptions } from './dynamics.ts';
import { contactAt, rngFor } from './dynamics.ts';

export interface CampaignSeedOptions extends SeedOptions {
  /** Share of contacts that already have a profile (default 0.3). */
  readonly matchRate?: number;
  /** Profiles without externalId, as a share of contacts (default 0.05, at least 1). */
  readonly orphanRate?: number;
}

export interface SeedProfile {
  readonly fields: Record<string, Json>;
  /** ms since epoch. */
  readonly created: number;
  readonly lastModified: number;
}

// Same rule as the emulator's email dataPolicy would apply on the way in.
const VALID = /^[^\s@]+@[^\s@]+\.[^\s@]{2,}$/;

export function* campaignProfiles(o: CampaignSeedOptions): Generator<SeedProfile> {
  const matchRate = o.matchRate ?? 0.3;
  for (let i = 0; i < o.contacts; i++) {
    const r = rngFor(o.seed, 'profile', i);
    if (!r.chance(matchRate)) continue;
    const c = contactAt(o.seed, i);
    const email = typeof c.emailaddress1 === 'string' ? c.emailaddress1.trim().toLowerCase() : null;
    const modified = Date.parse(String(c.modifiedon));
    // Campaign side changed within ±30 days of Dynamics: both "Campaign newer" and "Dynamics newer" occur.
    const lastModified = modified + (r.int(60) - 30) * 86_400_000 + r.int(86_400_000);
    yield {
      fields: {
        externalId: String(c.contactid),
        ...(email && VALID.test(email) ? { email } : {}),
        firstName: String(c.firstname).slice(0, 30),
        lastName: String(c.lastname),
        // Deliberately independent of donotbulkemail/donotemail: opt-out conflicts to resolve.
        denyListEmail: r.chance(0.2),
        denyList: r.chance(0.03),
        ccpaOptOut: r.chance(0.05),
      },
      created: Math.min(Date.parse(String(c.createdon)), lastModified),
      lastModified,
    };
  }
  const orphans = Math.max(1, Math.ceil(o.contacts * (o.orphanRate ?? 0.05)));
  for (let j = 0; j < orphans; j++) {
    const r = rngFor(o.seed, 'orphan', j);
    // Half reuse a contact's email: a look-up by email would wrongly match; ferry must key on externalId.
    const twin = contactAt(o.seed, r.int(Math.max(1, o.contacts)));
    const twinEmail = typeof twin.emailaddress1 === 'string' ? twin.emailaddress1.trim().toLowerCase() : '';
    const email = r.chance(0.5) && VALID.test(twinEmail) ? twinEmail : `orphan.${j}@example.org`;
    const at = Date.UTC(2023, 0, 1) + j * 3_600_000;
    yield {
      fields: { email, firstName: 'Walk-in', lastName: `Orphan ${j}`, denyListEmail: r.chance(0.3) },
      created: at,
      lastModified: at,
    };
  }
}
