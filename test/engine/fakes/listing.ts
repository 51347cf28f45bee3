// Gives the fake Campaign the listing and count the real connector has; counts the listing's pages.
import type { CampaignTarget } from '../../../runtime/contract.ts';
import type { CampaignRecord } from '../../../runtime/ports.ts';
import { profileTarget } from './flows.ts';
import { putContact } from './contacts.ts';
import type { Harness } from './harness.ts';

export function withListing(h: Harness): { pages: number } {
  const seen = { pages: 0 };
  const c = h.campaign;
  Object.assign(c, {
    async *listAll(target: CampaignTarget, size: number): AsyncIterable<readonly CampaignRecord[]> {
      const all = c.all(target.path);
      for (let i = 0; i === 0 || i < all.length; i += size) {
        seen.pages++;
        c.stats.requests++;
        yield all.slice(i, i + size).map((r) => ({ ...r }));
      }
    },
    async countAll(target: CampaignTarget): Promise<number> {
      c.stats.requests += 2;
      return c.all(target.path).length;
    },
  });
  return seen;
}

/**
 * 120 contacts in Dynamics, 30 of them already in Campaign: the first 10 hold the values ferry would write,
 * the other 20 a stale last name. Returns the contact ids in order.
 */
export function seedKnownProfiles(h: Harness): string[] {
  const ids = Array.from({ length: 120 }, (_, i) => putContact(h, i + 1, 1000));
  ids.slice(0, 30).forEach((id, i) =>
    h.campaign.seed(profileTarget.path, {
      externalId: id,
      email: `user${i + 1}@example.com`,
      firstName: `F${i + 1}`,
      lastName: i < 10 ? `L${i + 1}` : 'Old',
      birthDate: '1980-01-01',
    }),
  );
  return ids;
}
