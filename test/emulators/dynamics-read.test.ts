import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestDynamics, type TestDynamics } from './dynamics-fixture.ts';

let t: TestDynamics;
const ids = {
  ann: '11111111-1111-4111-8111-111111111111',
  bob: '22222222-2222-4222-8222-222222222222',
  obryan: '33333333-3333-4333-8333-333333333333',
};

beforeAll(async () => {
  t = await startTestDynamics();
  const s = t.emu.store;
  s.upsert('contact', {
    contactid: ids.ann,
    firstname: 'Ann',
    lastname: 'Lee',
    emailaddress1: 'ann@example.com',
    gendercode: 2,
    statecode: 0,
    donotbulkemail: true,
    ferry_eventid: 'ev-1',
  });
  s.upsert('contact', {
    contactid: ids.bob,
    firstname: 'Bob',
    lastname: 'Zed',
    emailaddress1: null,
    gendercode: 1,
    statecode: 1,
    donotbulkemail: false,
  });
  s.upsert('contact', {
    contactid: ids.obryan,
    firstname: 'Ciara',
    lastname: "O'Bryan",
    emailaddress1: 'c@example.com',
    statecode: 0,
    donotbulkemail: false,
  });
});
afterAll(async () => t.emu.close());

const json = async (r: Response) => (await r.json()) as Record<string, unknown>;
const names = (b: Record<string, unknown>) =>
  (b['value'] as Record<string, unknown>[]).map((x) => x['firstname']);

describe('Dynamics emulator: auth', () => {
  it('answers 401 with the WWW-Authenticate challenge when the token is missing or unknown', async () => {
    for (const auth of [undefined, 'Bearer nope']) {
      const r = await fetch(`${t.emu.apiUrl}contacts`, auth ? { headers: { Authorization: auth } } : {});
      expect(r.status).toBe(401);
      expect(r.headers.get('www-authenticate')).toMatch(
        /^Bearer authorization_uri=https:\/\/login\.microsoftonline\.com\/[^/]+\/oauth2\/authorize/,
      );
    }
  });

  it('rejects an expired token', async () => {
    const { token } = t.tokens.issue({ subject: 'x', tenantId: 't', audience: t.emu.url }, -1);
    const r = await fetch(`${t.emu.apiUrl}contacts`, { headers: { Authorization: `Bearer ${token}` } });
    expect(r.status).toBe(401);
  });
});

describe('Dynamics emulator: service and metadata documents', () => {
  it('serves the service document with entity sets', async () => {
    const r = await t.api('GET', '');
    expect(r.status).toBe(200);
    const b = await json(r);
    expect(b['@odata.context']).toBe(`${t.emu.apiUrl}$metadata`);
    expect(b['value']).toContainEqual({ name: 'contacts', kind: 'EntitySet', url: 'contacts' });
  });

  it('serves $metadata as XML', async () => {
    const r = await t.api('GET', '$metadata');
    expect(r.headers.get('content-type')).toBe('application/xml');
    const xml = await r.text();
    expect(xml).toContain('<EntitySet Name="contacts" EntityType="Microsoft.Dynamics.CRM.contact">');
    expect(xml).toContain('OData.Community.Keys.V1.AlternateKeys');
  });

  it('returns 404 0x8006088a for a wrong (case-sensitive) entity set', async () => {
    const r = await t.api('GET', 'Contacts');
    expect(r.status).toBe(404);
    expect(await json(r)).toEqual({
      error: { code: '0x8006088a', message: "Resource not found for the segment 'Contacts'." },
    });
  });
});

describe('Dynamics emulator: collection queries', () => {
  it('applies $select with the documented context, etag and implicit primary key', async () => {
    const r = await t.api('GET', `contacts?$select=firstname&$filter=contactid eq ${ids.ann}`);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('application/json; odata.metadata=minimal');
    expect(r.headers.get('odata-version')).toBe('4.0');
    const b = await json(r);
    expect(b['@odata.context']).toBe(`${t.emu.apiUrl}$metadata#contacts(firstname)`);
    const row = (b['value'] as Record<string, unknown>[])[0] as Record<string, unknown>;
    expect(Object.keys(row)).toEqual(['@odata.etag', 'firstname', 'contactid']);
    expect(row['@odata.etag']).toMatch(/^W\/"\d+"$/);
  });

  it('filters case-insensitively with and/or/not, functions, null and escaped quotes', async () => {
    const q = async (f: string) =>
      names(
        await json(
          await t.api(
            'GET',
            `contacts?$select=firstname&$orderby=firstname&$filter=${encodeURIComponent(f)}`,
          ),
        ),
      );
    expect(await q("lastname eq 'LEE'")).toEqual(['Ann']);
    expect(await q("lastname eq 'O''Bryan'")).toEqual(['Ciara']);
    expect(await q('emailaddress1 eq null')).toEqual(['Bob']);
    expect(await q("statecode eq 0 and (contains(emailaddress1,'EXAMPLE') or firstname eq 'Bob')")).toEqual([
      'Ann',
      'Ciara',
    ]);
    expect(await q("not startswith(firstname,'a') and endswith(lastname,'d')")).toEqual(['Bob']);
    expect(await q('gendercode ge 2 or donotbulkemail eq true')).toEqual(['Ann']);
    expect(await q(`contactid eq ${ids.bob.toUpperCase()}`)).toEqual(['Bob']);
  });

  it('reports the documented unterminated-literal and unknown-property errors', async () => {
    const r1 = await t.api('GET', `contacts?$filter=${encodeURIComponent("lastname eq 'O'Bryan'")}`);
    expect(r1.status).toBe(400);
    expect(((await json(r1))['error'] as Record<string, unknown>)['message']).toBe(
      "There is an unterminated literal at position 21 in 'lastname eq 'O'Bryan''.",
    );
    const r2 = await t.api('GET', `contacts?$filter=${encodeURIComponent("Name eq 'x'")}`);
    expect(r2.status).toBe(400);
    expect(await json(r2)).toEqual({
      error: {
        code: '0x0',
        message: "Could not find a property named 'Name' on type 'Microsoft.Dynamics.CRM.contact'.",
      },
    });
    const r3 = await t.api('GET', 'contacts?$select=Name');
    expect(r3.status).toBe(400);
  });

  it('orders, limits with $top and counts', async () => {
    const b = await json(
      await t.api('GET', 'contacts?$select=firstname&$orderby=lastname desc&$top=2&$count=true'),
    );
    expect(names(b)).toEqual(['Bob', 'Ciara']);
    expect(b['@odata.count']).toBe(3);
    expect(b['@odata.nextLink']).toBeUndefined();
  });

  it('returns /$count as a bare number with a UTF-8 BOM', async () => {
    const r = await t.api('GET', 'contacts/$count');
    const bytes = new Uint8Array(await r.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(new TextDecoder().decode(bytes.slice(3))).toBe('3');
  });

  it('rejects $skip, $search and $format', async () => {
    for (const o of ['$skip=1', '$search=x', '$format=json']) {
      const r = await t.api('GET', `contacts?${o}`);
      expect(r.status).toBe(400);
      expect(((await json(r))['error'] as Record<string, unknown>)['code']).toBe('0x80060888');
    }
  });

  it('adds FormattedValue annotations before their values only when asked', async () => {
    const url = `contacts(${ids.ann})?$select=gendercode,donotbulkemail,statecode`;
    const plain = await json(await t.api('GET', url));
    expect(Object.keys(plain).some((k) => k.includes('FormattedValue'))).toBe(false);
    const r = await t.api('GET', url, { headers: { Prefer: 'odata.include-annotations="*"' } });
    expect(r.headers.get('preference-applied')).toBe('odata.include-annotations="*"');
    const b = await json(r);
    const keys = Object.keys(b);
    expect(b['gendercode@OData.Community.Display.V1.FormattedValue']).toBe('Female');
    expect(b['donotbulkemail@OData.Community.Display.V1.FormattedValue']).toBe('Do Not Allow');
    expect(b['statecode@OData.Community.Display.V1.FormattedValue']).toBe('Active');
    expect(keys.indexOf('gendercode@OData.Community.Display.V1.FormattedValue')).toBe(
      keys.indexOf('gendercode') - 1,
    );
  });

  it('pages with odata.maxpagesize and an opaque URL-encoded $skiptoken cookie', async () => {
    const r = await t.api('GET', 'contacts?$select=firstname', {
      headers: { Prefer: 'odata.maxpagesize=2' },
    });
    expect(r.headers.get('preference-applied')).toBe('odata.maxpagesize=2');
    const b = await json(r);
    expect((b['value'] as unknown[]).length).toBe(2);
    const next = b['@odata.nextLink'] as string;
    expect(next).toMatch(
      /^http:\/\/127\.0\.0\.1:\d+\/api\/data\/v9\.2\/contacts\?\$select=firstname&\$skiptoken=%3Ccookie%20pagenumber%3D%222%22%20pagingcookie%3D%22.+%22%20istracking%3D%22False%22%20%2F%3E$/,
    );
    const b2 = await json(
      await fetch(next, { headers: { Authorization: `Bearer ${t.token}`, Prefer: 'odata.maxpagesize=2' } }),
    );
    expect((b2['value'] as unknown[]).length).toBe(1);
    expect(b2['@odata.nextLink']).toBeUndefined();
    const all = [...names(b), ...names(b2)].sort();
    expect(all).toEqual(['Ann', 'Bob', 'Ciara']);
  });
});

describe('Dynamics emulator: single entity and property reads', () => {
  it('reads by id with ETag, and by alternate key', async () => {
    const r = await t.api('GET', `contacts(${ids.ann})?$select=firstname,lastname`);
    expect(r.status).toBe(200);
    const b = await json(r);
    expect(b['@odata.context']).toBe(`${t.emu.apiUrl}$metadata#contacts(firstname,lastname)/$entity`);
    expect(r.headers.get('etag')).toBe(b['@odata.etag']);
    const k = await json(await t.api('GET', "contacts(ferry_eventid='EV-1')?$select=firstname"));
    expect(k['firstname']).toBe('Ann');
    const nc = await t.api('GET', `contacts(${ids.ann})`);
    expect((await json(nc))['@odata.context']).toBe(`${t.emu.apiUrl}$metadata#contacts/$entity`);
  });

  it('answers 304 for a matching If-None-Match', async () => {
    const r = await t.api('GET', `contacts(${ids.ann})?$select=firstname`);
    const etag = r.headers.get('etag') ?? '';
    const r2 = await t.api('GET', `contacts(${ids.ann})?$select=firstname`, {
      headers: { 'If-None-Match': etag },
    });
    expect(r2.status).toBe(304);
  });

  it('reads one property', async () => {
    const b = await json(await t.api('GET', `contacts(${ids.ann})/lastname`));
    expect(b).toEqual({
      '@odata.context': `${t.emu.apiUrl}$metadata#contacts(${ids.ann})/lastname`,
      value: 'Lee',
    });
  });

  it('answers 404 0x80040217 for a missing row', async () => {
    const id = '99999999-9999-4999-8999-999999999999';
    const r = await t.api('GET', `contacts(${id})`);
    expect(r.status).toBe(404);
    expect(await json(r)).toEqual({
      error: { code: '0x80040217', message: `Entity 'contact' With Id = ${id} Does Not Exist` },
    });
  });

  it('sends the rate-limit diagnostic headers', async () => {
    const r = await t.api('GET', 'contacts?$top=1');
    expect(r.headers.get('x-ms-dop-hint')).toMatch(/^\d+$/);
    expect(r.headers.get('x-ms-ratelimit-burst-remaining-xrm-requests')).toMatch(/^\d+$/);
    expect(r.headers.get('x-ms-ratelimit-time-remaining-xrm-requests')).toMatch(/^[\d,]+\.\d\d$/);
  });
});
