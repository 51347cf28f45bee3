import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CREDS } from './ims-fixture.ts';
import type { CampaignFixture } from './campaign-fixture.ts';
import { startFixture } from './campaign-fixture.ts';

type Rec = Record<string, unknown> & { PKey: string; href: string };
let fx: CampaignFixture & { clock: { advance(ms: number): void } };
beforeAll(async () => (fx = await startFixture()));
afterAll(() => fx.close());

const create = async (path: string, body: unknown): Promise<Rec> => {
  const res = await fx.call(path, { method: 'POST', body });
  expect(res.status).toBe(201);
  return (await res.json()) as Rec;
};

describe('gateway checks', () => {
  it('401 without a valid bearer token', async () => {
    const res = await fetch(`${fx.acs.baseUrl}/profileAndServices/profile`, {
      headers: { 'x-api-key': CREDS.clientId, authorization: 'Bearer nope' },
    });
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ error_code: '401013', message: 'Oauth token is not valid' });
  });
  it('403 with a wrong X-Api-Key', async () => {
    const res = await fx.call('profileAndServices/profile', { headers: { 'x-api-key': 'other' } });
    expect(res.status).toBe(403);
  });
  it('500 Oops for an unknown org or a path outside /campaign', async () => {
    for (const url of [
      `${fx.acs.url}/otherorg/campaign/profileAndServices/profile`,
      `${fx.acs.baseUrl}/nope/profile`,
    ]) {
      const res = await fx.call(url);
      expect(res.status).toBe(500);
      expect(await res.json()).toEqual({
        code: 500,
        message: 'Oops. Something went wrong. Check your URI and try again.',
      });
    }
  });
});

describe('profiles', () => {
  it('POST 201 returns the full record; GET, PATCH {PKey, href}, DELETE 200', async () => {
    const rec = await create('profileAndServicesExt/profile', {
      email: 'ann@example.com',
      firstName: 'Ann',
      externalId: 'c-1',
      cusLoyaltyTier: 'gold',
    });
    expect(rec.PKey).toMatch(/^@[A-Za-z0-9_-]+$/);
    expect(rec.href).toBe(`${fx.acs.baseUrl}/profileAndServicesExt/profile/${rec.PKey}`);
    expect(rec).toMatchObject({
      email: 'ann@example.com',
      firstName: 'Ann',
      externalId: 'c-1',
      cusLoyaltyTier: 'gold',
    });
    expect(rec.created).toBe('2026-01-01 00:00:00.000Z');
    expect(rec.subscriptions).toEqual({ href: `${rec.href}/subscriptions/` });

    const plain = (await (await fx.call(`profileAndServices/profile/${rec.PKey}`)).json()) as Rec;
    expect(plain.cusLoyaltyTier).toBeUndefined();
    expect(plain.href).toBe(`${fx.acs.baseUrl}/profileAndServices/profile/${rec.PKey}`);

    fx.clock.advance(61_000);
    const patch = await fx.call(rec.href, { method: 'PATCH', body: { lastName: "O'Brien" } });
    expect(patch.status).toBe(200);
    expect(await patch.json()).toEqual({ PKey: rec.PKey, href: rec.href });
    const after = (await (await fx.call(rec.href)).json()) as Rec;
    expect(after.lastName).toBe("O'Brien");
    expect(after.lastModified).toBe('2026-01-01 00:01:01.000Z');
    expect(after.created).toBe('2026-01-01 00:00:00.000Z');

    const byKey = await fx.call('profileAndServicesExt/profile/c-1');
    expect(byKey.status).toBe(200);
    expect(((await byKey.json()) as Rec).PKey).toBe(rec.PKey);

    const del = await fx.call(rec.href, { method: 'DELETE' });
    expect(del.status).toBe(200);
    expect((await fx.call(rec.href)).status).toBe(404);
  });

  it('hides cus* fields under profileAndServices (writes included)', async () => {
    const res = await fx.call('profileAndServices/profile', {
      method: 'POST',
      body: { email: 'x@example.com', cusLoyaltyTier: 'a' },
    });
    expect(res.status).toBe(500);
    expect(((await res.json()) as { message: string }).message).toBe(
      "'cusLoyaltyTier' property is not valid for the 'profile' resource",
    );
  });

  it('rejects a garbled PKey as not a valid constant', async () => {
    const res = await fx.call('profileAndServicesExt/profile/@gibberish', {
      method: 'PATCH',
      body: { firstName: 'x' },
    });
    expect(res.status).toBe(500);
    expect(((await res.json()) as { message: string }).message).toContain(
      "'@gibberish' is not a valid constant",
    );
  });

  it('validates read-only, unknown, length, enum, type and email dataPolicy', async () => {
    const rec = await create('profileAndServicesExt/profile', { email: 'val@example.com' });
    const cases: [Record<string, unknown>, string][] = [
      [{ age: 3 }, "Cannot update the 'age' property that is read-only"],
      [{ shoeSize: 3 }, "'shoeSize' property is not valid for the 'profile' resource"],
      [
        { firstName: 'x'.repeat(31) },
        "The value of the 'firstName' property exceeds the maximum length (30)",
      ],
      [{ gender: 'other' }, "'other' is not a valid constant"],
      [{ email: 'not-an-email' }, "Invalid email address 'not-an-email'"],
      [
        { denyListEmail: 'yes' },
        "The value '\"yes\"' is not valid for the 'denyListEmail' property (type 'boolean')",
      ],
      [
        { birthDate: '24/10/1980' },
        "The value '\"24/10/1980\"' is not valid for the 'birthDate' property (type 'date')",
      ],
    ];
    for (const [body, message] of cases) {
      const res = await fx.call(rec.href, { method: 'PATCH', body });
      expect(res.status).toBe(500);
      expect(await res.json()).toEqual({ code: 500, message });
    }
    const ok = await fx.call(rec.href, {
      method: 'PATCH',
      body: {
        firstName: 'Zoë'.repeat(10),
        gender: 'female',
        blackListEmail: true,
        ccpaOptOut: true,
        birthDate: '1980-10-24',
      },
    });
    expect(ok.status).toBe(200);
  });

  it('refuses a duplicate identification key and a change of an existing key', async () => {
    const rec = await create('profileAndServicesExt/profile', {
      email: 'dup@example.com',
      externalId: 'c-dup',
    });
    const dup = await fx.call('profileAndServicesExt/profile', {
      method: 'POST',
      body: { email: 'dup2@example.com', externalId: 'c-dup' },
    });
    expect(dup.status).toBe(500);
    expect(((await dup.json()) as { message: string }).message).toContain('duplicate key');
    const change = await fx.call(rec.href, { method: 'PATCH', body: { externalId: 'c-other' } });
    expect(change.status).toBe(500);
    // Profiles without externalId never clash with each other.
    await create('profileAndServicesExt/profile', { email: 'n1@example.com' });
    await create('profileAndServicesExt/profile', { email: 'n2@example.com' });
  });
});

describe('filters', () => {
  beforeAll(async () => {
    await create('profileAndServicesExt/profile', {
      email: 'john@gmail.com',
      lastName: 'Smith',
      firstName: 'John',
      externalId: 'f-1',
    });
    await create('profileAndServicesExt/profile', {
      email: 'jane@gmail.com',
      lastName: 'Johnson',
      firstName: 'Jane',
      externalId: 'f-2',
    });
  });
  const emails = async (path: string): Promise<string[]> => {
    const res = await fx.call(path);
    expect(res.status).toBe(200);
    return ((await res.json()) as { content: Rec[] }).content.map((r) => r.email as string).sort();
  };
  it('byEmail is exact', async () => {
    expect(await emails('profileAndServices/profile/byEmail?email=jane%40gmail.com')).toEqual([
      'jane@gmail.com',
    ]);
  });
  it('byText is case-sensitive prefix on email and lastName, narrowed by filterType', async () => {
    expect(await emails('profileAndServices/profile/byText?text=John')).toEqual(['jane@gmail.com']);
    expect(await emails('profileAndServices/profile/byText?text=john')).toEqual(['john@gmail.com']);
    expect(await emails('profileAndServices/profile/byText?text=ohn')).toEqual([]);
    expect(await emails('profileAndServices/profile/byText?text=J&filterType=firstName')).toEqual([
      'jane@gmail.com',
      'john@gmail.com',
    ]);
    expect(await emails('profileAndServices/profile/byText?text=j&filterType=email')).toEqual([
      'jane@gmail.com',
      'john@gmail.com',
    ]);
  });
  it('custom filters use <field>_parameter under Ext only, and chain', async () => {
    expect(await emails('profileAndServicesExt/profile/byExternalId?externalId_parameter=f-2')).toEqual([
      'jane@gmail.com',
    ]);
    expect(
      await emails('profileAndServicesExt/profile/byText/byExternalId?text=j&externalId_parameter=f-1'),
    ).toEqual(['john@gmail.com']);
    expect(await emails('profileAndServicesExt/profile/byExternalId?externalId_parameter=none')).toEqual([]);
    const plain = await fx.call('profileAndServices/profile/byExternalId?externalId_parameter=f-2');
    expect(plain.status).toBe(500);
  });
});

describe('custom resources', () => {
  it('linked cus resources live under profileAndServicesExt only; unlinked under customResources only', async () => {
    const profile = await create('profileAndServicesExt/profile', {
      email: 'car@example.com',
      externalId: 'car-owner',
    });
    const car = await create('profileAndServicesExt/cusVehicle', {
      crmId: 'v-1',
      vin: 'WVWZZZ1JZXW000001',
      profile: { PKey: profile.PKey },
    });
    expect(car.profile).toEqual({ PKey: profile.PKey, href: profile.href });
    expect(car.href).toBe(`${fx.acs.baseUrl}/profileAndServicesExt/cusVehicle/${car.PKey}`);
    const found = (await (
      await fx.call('profileAndServicesExt/cusVehicle/byCrmId?crmId_parameter=v-1')
    ).json()) as { content: Rec[] };
    expect(found.content.map((r) => r.PKey)).toEqual([car.PKey]);
    expect((await fx.call('customResources/cusVehicle')).status).toBe(404);
    expect((await fx.call('profileAndServicesExt/cusDealer')).status).toBe(404);
    expect((await fx.call('profileAndServicesExt/cusNothing')).status).toBe(404);
    const dealer = await create('customResources/cusDealer', { name: 'North' });
    expect(dealer.href).toBe(`${fx.acs.baseUrl}/customResources/cusDealer/${dealer.PKey}`);
  });

  it('validates link targets', async () => {
    const res = await fx.call('profileAndServicesExt/cusVehicle', {
      method: 'POST',
      body: { crmId: 'v-2', profile: { PKey: '@nope' } },
    });
    expect(res.status).toBe(500);
    expect(((await res.json()) as { message: string }).message).toBe("'@nope' is not a valid constant");
  });

  it('lists linked resources at profileAndServicesExt/ and serves resourceType metadata', async () => {
    const listing = (await (await fx.call('profileAndServicesExt/')).json()) as Record<
      string,
      Record<string, unknown>
    >;
    expect(Object.keys(listing)).toEqual(['cusVehicle']);
    expect(listing.cusVehicle).toMatchObject({
      name: 'cusVehicle',
      type: 'collection',
      href: `${fx.acs.baseUrl}/profileAndServicesExt/cusVehicle/metadata`,
    });
    const meta = (await (await fx.call('profileAndServices/resourceType/profile')).json()) as {
      content: Record<string, { type: string; length?: number }>;
      name: string;
    };
    expect(meta.name).toBe('profile');
    expect(meta.content.email).toMatchObject({ type: 'string', length: 128 });
    expect(meta.content.cusLoyaltyTier).toBeUndefined();
    const ext = (await (await fx.call('profileAndServicesExt/resourceType/profile')).json()) as {
      content: Record<string, unknown>;
    };
    expect(ext.content.cusLoyaltyTier).toBeDefined();
    expect((await fx.call('customResources/resourceType/cusDealer')).status).toBe(200);
  });
});

describe('marketing history', () => {
  it('returns the profile with events.href and events with mirrorPage.href', async () => {
    const p = await create('profileAndServicesExt/profile', { email: 'hist@example.com' });
    fx.acs.store.addHistory(p.PKey, {
      category: 'email',
      date: '2026-01-01 08:44:49.366Z',
      label: 'Send via email',
      type: 'outbound',
    });
    const h = (await (await fx.call(`profileAndServices/history/${p.PKey}`)).json()) as {
      events: { href: string; metadata: string };
    };
    expect(h.events).toEqual({
      href: `${fx.acs.baseUrl}/profileAndServices/history/${p.PKey}/events/`,
      metadata: 'subHisto',
    });
    const ev = (await (await fx.call(h.events.href)).json()) as { content: Rec[] };
    expect(ev.content).toHaveLength(1);
    expect(ev.content[0]).toMatchObject({ category: 'email', label: 'Send via email', type: 'outbound' });
    expect(ev.content[0]?.mirrorPage).toEqual({ href: `${ev.content[0]?.href}/mirrorPage/` });
  });
});
