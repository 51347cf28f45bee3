// The Campaign connector's listing and count against the emulator: every record once, pages followed by href.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CampaignTarget } from '../../runtime/contract.ts';
import type { TenantConnectors } from '../../runtime/connectors/index.ts';
import { buildIndex } from '../../runtime/engine/entity/key-index/build.ts';
import { keyHash } from '../../runtime/engine/entity/key-index/hash.ts';
import { connect, startCampaignSide, type CampaignSide } from './connectors-fixture.ts';

const profiles: CampaignTarget = {
  resource: 'profile',
  path: 'profileAndServicesExt/profile',
  key: 'externalId',
  filter: 'byExternalId',
  filterParam: 'externalId_parameter',
};

let side: CampaignSide;
let c: TenantConnectors;
beforeAll(async () => {
  side = await startCampaignSide();
  c = await connect(side);
});
afterAll(async () => {
  await c.close();
  await side.close();
});

describe('Campaign listing for the key index', () => {
  it('counts, lists every record in pages, and the index answers with the hrefs the API gave', async () => {
    const before = await c.campaign.countAll(profiles);
    const made = [];
    for (let i = 0; i < 23; i++)
      made.push(await c.campaign.create(profiles, { externalId: `list-${i}`, email: `l${i}@example.com` }));
    expect(await c.campaign.countAll(profiles)).toBe(before + 23);

    const requests = c.campaign.stats.requests;
    const { index, pages } = await buildIndex(c.campaign, profiles, ['email'], 10);
    // One request per 10 records (a last full page may be followed by an empty one).
    expect(pages).toBeGreaterThanOrEqual(Math.ceil((before + 23) / 10));
    expect(pages).toBeLessThanOrEqual(Math.ceil((before + 23) / 10) + 1);
    expect(index.size).toBe(before + 23);
    expect(c.campaign.stats.requests - requests).toBe(pages);
    for (const [i, r] of made.entries()) {
      const a = index.find(keyHash(`list-${i}`));
      expect(a).toMatchObject({ kind: 'hit', pkey: r.PKey, href: r.href });
    }
    expect(index.find(keyHash('list-absent')).kind).toBe('absent');
    index.close();
  });
});
