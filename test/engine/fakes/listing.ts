// Gives the fake Campaign the listing and count the real connector has; counts the listing's pages.
import type { CampaignTarget } from '../../../runtime/contract.ts';
import type { CampaignRecord } from '../../../runtime/ports.ts';
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
