import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CampaignTarget } from '../../runtime/contract.ts';
import { AuthError, RecordError } from '../../core/errors.ts';
import type { TenantConnectors } from '../../runtime/connectors/index.ts';
import type { CampaignSide } from './connectors-fixture.ts';
import { connect, startCampaignSide } from './connectors-fixture.ts';

const profiles: CampaignTarget = {
  resource: 'profile',
  path: 'profileAndServicesExt/profile',
  key: 'externalId',
  filter: 'byExternalId',
  filterParam: 'externalId_parameter',
};
const byEmail: CampaignTarget = {
  resource: 'profile',
  path: 'profileAndServicesExt/profile',
  key: 'email',
  filter: 'byEmail',
  filterParam: 'email',
};
const vehicles: CampaignTarget = {
  resource: 'cusVehicle',
  path: 'profileAndServicesExt/cusVehicle',
  key: 'crmId',
  filter: 'byCrmId',
  filterParam: 'crmId_parameter',
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

describe('CampaignConnector over the Campaign emulator', () => {
  it('find → create → find → update → no-op update → delete, counting requests and engine calls', async () => {
    const id = '49b0be2e-d01c-ed11-b83e-000d3a572421';
    const campaign = c.campaign;
    const before = { ...campaign.stats };
    expect(await campaign.findByKey(profiles, id)).toEqual([]);
    const created = await campaign.create(profiles, {
      externalId: id,
      email: 'ann+1@example.com',
      lastName: 'Lee',
    });
    expect(created.PKey).toMatch(/^@/);
    expect(created.href).toContain(created.PKey);
    const [found] = await campaign.findByKey(profiles, id);
    expect(found?.PKey).toBe(created.PKey);
    await campaign.update(found!, { lastName: 'Lee-Smith', email: 'ann+1@example.com' });
    const [after] = await campaign.findByKey(profiles, id);
    expect(after?.lastName).toBe('Lee-Smith');
    // Same values as the record: no PATCH, 1 engine call.
    await campaign.update(after!, { lastName: 'Lee-Smith' });
    await campaign.remove(after!);
    expect(await campaign.findByKey(profiles, id)).toEqual([]);
    expect(campaign.stats.engineCalls - before.engineCalls).toBe(1 + 2 + 1 + 1);
    // 4 lookups + create + 1 PATCH + delete.
    expect(campaign.stats.requests - before.requests).toBe(7);
    expect(side.acs.counters.requests).toBeGreaterThanOrEqual(7);
  });

  it('URL-encodes the key value in the filter call (+, @, spaces)', async () => {
    await c.campaign.create(profiles, { externalId: 'a+b c@d', email: 'x@example.com' });
    const hits = await c.campaign.findByKey(profiles, 'a+b c@d');
    expect(hits).toHaveLength(1);
    expect(await c.campaign.findByKey(profiles, 'a b c@d')).toEqual([]);
  });

  it('two hits on the key filter are a RecordError (the key must be unique)', async () => {
    await c.campaign.create(profiles, { externalId: 'dup-1', email: 'same@example.com' });
    await c.campaign.create(profiles, { externalId: 'dup-2', email: 'same@example.com' });
    const err = await c.campaign.findByKey(byEmail, 'same@example.com').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RecordError);
    expect((err as RecordError).code).toBe('FERRY_CAMPAIGN_KEY_NOT_UNIQUE');
    expect((err as Error).message).toContain('must be unique');
  });

  it('a rejected record is a RecordError carrying the API message', async () => {
    const err = await c.campaign
      .create(profiles, { externalId: 'bad-1', email: 'not-an-email' })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RecordError);
    expect((err as Error).message.length).toBeGreaterThan(20);
  });

  it('links to a parent by PKey on a custom resource', async () => {
    const parent = await c.campaign.create(profiles, { externalId: 'parent-1', email: 'p@example.com' });
    const v = await c.campaign.create(vehicles, {
      crmId: 'veh-1',
      vin: 'VIN1',
      profile: { PKey: parent.PKey },
    });
    const [found] = await c.campaign.findByKey(vehicles, 'veh-1');
    expect(found?.PKey).toBe(v.PKey);
    const calls = c.campaign.stats.engineCalls;
    await c.campaign.update(found!, { profile: { PKey: parent.PKey }, vin: 'VIN1' });
    expect(c.campaign.stats.engineCalls - calls).toBe(1);
  });

  it('modifiedSince pages newest first and stops at the watermark', async () => {
    const t0 = side.clock.now();
    side.clock.advance(60_000);
    const ids = Array.from({ length: 7 }, (_, i) => `ms-${i}`);
    for (const id of ids) {
      await c.campaign.create(profiles, { externalId: id, email: `${id}@example.com` });
      side.clock.advance(1000);
    }
    const seen: string[] = [];
    let pages = 0;
    // A tiny page size shows paging through next.href.
    const paged = await connect(side, { campaignPageSize: 3 });
    for await (const page of paged.campaign.modifiedSince(profiles, new Date(t0 + 1))) {
      pages++;
      seen.push(...page.map((r) => String(r.externalId)));
    }
    expect(seen).toEqual([...ids].reverse());
    expect(pages).toBe(3);
    // Stopped at the watermark: 3 pages of 3 newest-first rows, not the whole table.
    expect(paged.campaign.stats.requests).toBe(3);
    await paged.close();
    const all: string[] = [];
    for await (const page of c.campaign.modifiedSince(profiles, null))
      all.push(...page.map((r) => String(r.externalId)));
    expect(all.length).toBeGreaterThan(ids.length);
  });

  it('fieldTypes comes from resourceType metadata', async () => {
    const types = await c.campaign.fieldTypes(vehicles);
    expect(types.get('vin')).toBe('string');
    expect(types.get('profile')).toBe('link:profile');
  });
});

describe('IMS tokens', () => {
  it('caches the token, refreshes after a 401 (token expired mid-run) and retries once', async () => {
    const side2 = await startCampaignSide(3600);
    const c2 = await connect(side2);
    try {
      await c2.campaign.findByKey(profiles, 'x');
      await c2.campaign.findByKey(profiles, 'y');
      expect(c2.tokens.campaign.fetched).toBe(1);
      // The emulator's clock passes the token's expiry; our cache (real clock) still holds it.
      side2.clock.advance(3601_000);
      expect(await c2.campaign.findByKey(profiles, 'z')).toEqual([]);
      expect(c2.tokens.campaign.fetched).toBe(2);
      expect(side2.ims.counters.tokenRequests).toBe(2);
    } finally {
      await c2.close();
      await side2.close();
    }
  });

  it('refreshes before expiry with the clock, single-flight under concurrency', async () => {
    const side3 = await startCampaignSide(3600);
    // The rate cap waits on this clock too: a sleep moves it (a frozen clock would never release a token).
    const clock = { now: () => side3.clock.now(), sleep: async (ms: number) => side3.clock.advance(ms) };
    const c3 = await connect(side3, { clock });
    try {
      await Promise.all(Array.from({ length: 5 }, (_, i) => c3.campaign.findByKey(profiles, `p${i}`)));
      expect(side3.ims.counters.tokenRequests).toBe(1);
      side3.clock.advance(3300_000);
      await c3.campaign.findByKey(profiles, 'q');
      // Refreshed proactively (within the margin), no 401 needed.
      expect(side3.ims.counters.tokenRequests).toBe(2);
      expect(side3.acs.counters.requests).toBe(6);
    } finally {
      await c3.close();
      await side3.close();
    }
  });

  it('a wrong client secret is an AuthError that does not contain the secret', async () => {
    const side4 = await startCampaignSide();
    const c4 = await connect(side4, { env: { T_DYN_SECRET: 'x', T_ACS_SECRET: 'wrong-secret-value' } });
    try {
      const err = await c4.campaign.findByKey(profiles, 'x').catch((e: unknown) => e);
      expect(err).toBeInstanceOf(AuthError);
      expect((err as Error).message).not.toContain('wrong-secret-value');
    } finally {
      await c4.close();
      await side4.close();
    }
  });
});

describe('Campaign throttling', () => {
  it('a 429 with Retry-After pauses every Campaign call of the tenant; all calls still succeed', async () => {
    const side5 = await startCampaignSide(86399, { callsPerSecond: 3 });
    const c5 = await connect(side5);
    try {
      const started = Date.now();
      const results = await Promise.all(
        Array.from({ length: 8 }, (_, i) => c5.campaign.findByKey(profiles, `t${i}`)),
      );
      expect(results.every((r) => r.length === 0)).toBe(true);
      expect(c5.gates.campaign.pauses).toBeGreaterThan(0);
      expect(side5.acs.counters.throttled).toBeGreaterThan(0);
      // 8 calls at 3/s need at least two windows.
      expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
      // Each throttled call was resent once the pause ended, and not before: no storm of retries.
      expect(side5.acs.counters.throttled).toBeLessThanOrEqual(8);
    } finally {
      await c5.close();
      await side5.close();
    }
  });
});
