import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CampaignFixture } from './campaign-fixture.ts';
import { startFixture } from './campaign-fixture.ts';

let fx: CampaignFixture;
beforeAll(async () => (fx = await startFixture()));
afterAll(() => fx.close());

const setRules = (rules: unknown[], seed = 1) =>
  fetch(`${fx.acs.url}/_sandbox/faults`, { method: 'POST', body: JSON.stringify({ seed, rules }) });

describe('fault injection (sandbox control, not the real API)', () => {
  it('injects 5xx in the gateway shape on a matching route only', async () => {
    await setRules([
      { path: '/acme/campaign/profileAndServices/profile', method: 'GET', errorRate: 1, errorStatus: 502 },
    ]);
    const res = await fx.call('profileAndServices/profile');
    expect(res.status).toBe(502);
    expect(await res.json()).toEqual({
      code: 502,
      message: 'Oops. Something went wrong. Check your URI and try again.',
    });
    expect((await fx.call('profileAndServicesExt/cusVehicle')).status).toBe(200);
    await setRules([]);
    expect((await fx.call('profileAndServices/profile')).status).toBe(200);
  });

  it('runs 429 storms of the configured length with Retry-After', async () => {
    await setRules([{ path: '/acme/campaign/', stormRate: 1, stormLength: 3, retryAfterSeconds: 2 }]);
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) {
      const res = await fx.call('profileAndServices/profile');
      statuses.push(res.status);
      expect(res.headers.get('retry-after')).toBe('2');
    }
    expect(statuses).toEqual([429, 429, 429]);
    await setRules([]);
  });

  it('commit-then-drop: the POST is stored but the client gets a broken connection', async () => {
    await setRules([{ method: 'POST', dropAfterCommitRate: 1 }]);
    const before = fx.acs.store.table('profile').size;
    await expect(
      fx.call('profileAndServicesExt/profile', {
        method: 'POST',
        body: { email: 'dropped@example.com', externalId: 'drop-1' },
      }),
    ).rejects.toThrow();
    await setRules([]);
    expect(fx.acs.store.table('profile').size).toBe(before + 1);
    const found = (await (
      await fx.call('profileAndServicesExt/profile/byExternalId?externalId_parameter=drop-1')
    ).json()) as { content: unknown[] };
    expect(found.content).toHaveLength(1);
    expect(fx.acs.counters.engineCalls).toBe(1);
  });

  it('resets connections', async () => {
    await setRules([{ resetRate: 1 }]);
    await expect(fx.call('profileAndServices/profile')).rejects.toThrow();
    await setRules([]);
    expect(fx.acs.faults.counts.reset).toBe(1);
  });
});
