import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCampaignEmulator } from '../../emulators/campaign/server.ts';
import type { CampaignEmulator } from '../../emulators/campaign/server.ts';
import type { ImsEmulator } from '../../emulators/ims/server.ts';
import type { ManualClock } from '../../emulators/common/clock.ts';
import { loadCampaignSnapshot } from '../../emulators/campaign/snapshot.ts';
import { CREDS, fetchToken, startIms } from './ims-fixture.ts';

const DIR = fileURLToPath(new URL('../../tenants/sandbox/metadata', import.meta.url));
let ims: ImsEmulator;
let acs: CampaignEmulator;
let token: string;
let clock: ManualClock;
beforeAll(async () => {
  ({ ims, clock } = await startIms());
  acs = await startCampaignEmulator({
    org: 'ferrysandbox',
    apiKey: CREDS.clientId,
    tokens: ims.tokens,
    ...(await loadCampaignSnapshot(DIR)),
  });
  token = await fetchToken(ims);
});
afterAll(async () => {
  await acs.close();
  await ims.close();
});

const call = (path: string, method = 'GET', body?: unknown) =>
  fetch(`${acs.baseUrl}/${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'x-api-key': CREDS.clientId },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });

describe('Campaign emulator driven by tenants/sandbox/metadata', () => {
  it('serves the raw resourceType snapshot with hrefs rebased, cus fields hidden under profileAndServices', async () => {
    const ext = (await (await call('profileAndServicesExt/resourceType/profile')).json()) as {
      href: string;
      content: Record<string, unknown>;
      filters: { href: string };
    };
    expect(ext.content.cusLoyaltyTier).toBeDefined();
    expect(JSON.stringify(ext)).not.toContain('mc.adobe.io');
    expect(ext.filters.href.startsWith(acs.baseUrl)).toBe(true);
    const plain = (await (await call('profileAndServices/resourceType/profile')).json()) as {
      content: Record<string, unknown>;
    };
    expect(plain.content.cusLoyaltyTier).toBeUndefined();
    const filters = (await (await call('profileAndServicesExt/resourceType/cusVehicle/filters')).json()) as {
      content: Record<string, unknown>;
    };
    expect(Object.keys(filters.content)).toEqual(['byCrmId']);
  });

  it('validates against the snapshot: enums, lengths, links, keys', async () => {
    const p = await call('profileAndServicesExt/profile', 'POST', {
      email: 'a@example.com',
      externalId: 'c-1',
      gender: 'female',
      cusLoyaltyTier: 'gold',
    });
    expect(p.status).toBe(201);
    const profile = (await p.json()) as { PKey: string };
    expect((await call('profileAndServicesExt/profile', 'POST', { gender: 'other' })).status).toBe(500);
    const v = await call('profileAndServicesExt/cusVehicle', 'POST', {
      crmId: 'v-1',
      vin: '12345678901234567',
      year: 2019,
      profile: { PKey: profile.PKey },
    });
    expect(v.status).toBe(201);
    const long = await call('profileAndServicesExt/cusVehicle', 'POST', {
      crmId: 'v-2',
      vin: '123456789012345678',
    });
    expect(((await long.json()) as { message: string }).message).toBe(
      "The value of the 'vin' property exceeds the maximum length (17)",
    );
    const dup = await call('profileAndServicesExt/cusVehicle', 'POST', { crmId: 'v-1' });
    expect(dup.status).toBe(500);
    const visit = await call('profileAndServicesExt/cusServiceVisit', 'POST', {
      crmId: 's-1',
      cost: 12.5,
      mileage: 1000,
      vehicle: { PKey: ((await v.json()) as { PKey: string }).PKey },
    });
    expect(visit.status).toBe(201);
    const found = (await (
      await call('profileAndServicesExt/cusServiceVisit/byCrmId?crmId_parameter=s-1')
    ).json()) as { content: { cost: number }[] };
    expect(found.content.map((r) => r.cost)).toEqual([12.5]);
  });
});

describe('token expiry', () => {
  it('answers 401 once the IMS token expired, and accepts a new one', async () => {
    clock.advance(86_399_000);
    const res = await call('profileAndServices/profile');
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ error_code: '401013', message: 'Oauth token is not valid' });
    token = await fetchToken(ims);
    expect((await call('profileAndServices/profile')).status).toBe(200);
  });
});
