import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSnapshotDynamics, type SnapshotDynamics } from './dynamics-snapshot-fixture.ts';

let t: SnapshotDynamics;
const acme = 'a0000000-0000-4000-8000-000000000001';
const ann = 'c0000000-0000-4000-8000-000000000001';
const bob = 'c0000000-0000-4000-8000-000000000002';
const cy = 'c0000000-0000-4000-8000-000000000003';
const owner = '50000000-0000-4000-8000-000000000001';
const v = (n: number) => `f0000000-0000-4000-8000-00000000000${n}`;

beforeAll(async () => {
  t = await startSnapshotDynamics();
  const s = t.emu.store;
  // The sandbox systemuser has no first/last name columns, so its fullname is stored as given.
  s.upsert('systemuser', { systemuserid: owner, fullname: 'Olga Owner' });
  s.upsert('account', { accountid: acme, name: 'Acme', _ownerid_value: owner });
  s.upsert('contact', { contactid: ann, firstname: 'Ann', lastname: 'Lee', _parentcustomerid_value: acme });
  s.upsert('contact', { contactid: bob, firstname: 'Bob', lastname: 'Zed', _parentcustomerid_value: acme });
  s.upsert('contact', { contactid: cy, firstname: 'Cy', lastname: 'Ode' });
  s.upsert('ferry_vehicle', {
    ferry_vehicleid: v(1),
    ferry_name: 'Van',
    ferry_year: 2019,
    _ferry_contactid_value: ann,
  });
  s.upsert('ferry_vehicle', {
    ferry_vehicleid: v(2),
    ferry_name: 'Car',
    ferry_year: 2022,
    _ferry_contactid_value: ann,
  });
  s.upsert('ferry_vehicle', {
    ferry_vehicleid: v(3),
    ferry_name: 'Bus',
    ferry_year: 2015,
    _ferry_contactid_value: bob,
  });
});
afterAll(async () => t.emu.close());

type Obj = Record<string, unknown>;
const error = async (r: Response) => ((await r.json()) as { error: { code: string; message: string } }).error;

describe('Dynamics emulator: $expand', () => {
  it('expands a single-valued navigation property with a nested $select, null when the lookup is empty', async () => {
    const b = await t.json(
      `contacts?$select=fullname&$expand=parentcustomerid_account($select=name)&$orderby=lastname`,
    );
    expect(b['@odata.context']).toBe(
      `${t.emu.apiUrl}$metadata#contacts(fullname,parentcustomerid_account(name))`,
    );
    const rows = b['value'] as Obj[];
    expect(rows.map((r) => r['fullname'])).toEqual(['Ann Lee', 'Cy Ode', 'Bob Zed']);
    const nav = rows[0]?.['parentcustomerid_account'] as Obj;
    expect(Object.keys(nav).sort()).toEqual(['@odata.etag', 'accountid', 'name']);
    expect(nav['name']).toBe('Acme');
    expect(rows[1]?.['parentcustomerid_account']).toBeNull();
    // The other side of the customer lookup points at an account: no contact there.
    const one = await t.json(`contacts(${ann})?$select=fullname&$expand=parentcustomerid_contact`);
    expect(one['parentcustomerid_contact']).toBeNull();
  });

  it('expands a lookup to an abstract type (ownerid) to the concrete row', async () => {
    const b = await t.json(`accounts(${acme})?$select=name&$expand=ownerid($select=fullname)`);
    expect((b['ownerid'] as Obj)['fullname']).toBe('Olga Owner');
  });

  it('expands a collection-valued navigation property with nested $select, $filter, $orderby and $top', async () => {
    const b = await t.json(
      `accounts(${acme})?$select=name&$expand=contact_customer_accounts($select=firstname;$orderby=firstname desc)`,
    );
    expect(b['@odata.context']).toBe(
      `${t.emu.apiUrl}$metadata#accounts(name,contact_customer_accounts(firstname))/$entity`,
    );
    const kids = b['contact_customer_accounts'] as Obj[];
    expect(kids.map((k) => k['firstname'])).toEqual(['Bob', 'Ann']);
    expect(Object.keys(kids[0] ?? {}).sort()).toEqual(['@odata.etag', 'contactid', 'firstname']);
    const c = await t.json(
      `contacts?$select=firstname&$orderby=firstname&$expand=ferry_contact_ferry_vehicle_contactid($select=ferry_name;$filter=ferry_year ge 2016;$orderby=ferry_year desc;$top=1)`,
    );
    const byName = Object.fromEntries(
      (c['value'] as Obj[]).map((r) => [
        r['firstname'],
        (r['ferry_contact_ferry_vehicle_contactid'] as Obj[]).map((x) => x['ferry_name']),
      ]),
    );
    expect(byName).toEqual({ Ann: ['Car'], Bob: [], Cy: [] });
  });

  it('refuses what it does not model, and unknown names, with clear errors', async () => {
    const cases: [string, number, RegExp][] = [
      [`contacts?$expand=nope`, 400, /Could not find a property named 'nope'/],
      [`contacts?$expand=firstname`, 400, /not a navigation property/],
      [`contacts?$expand=parentcustomerid_account($filter=name eq 'x')`, 400, /collection-valued/],
      [`contacts?$expand=parentcustomerid_account($expand=ownerid)`, 501, /nested \$expand/],
      [`accounts?$expand=contact_customer_accounts($count=true)`, 501, /\$count inside \$expand/],
      [`contacts?$expand=parentcustomerid_account($select=nope)`, 400, /nope/],
    ];
    for (const [path, status, msg] of cases) {
      const r = await t.api('GET', path);
      expect(r.status, path).toBe(status);
      expect((await error(r)).message, path).toMatch(msg);
    }
  });

  it('expands on a create with return=representation', async () => {
    const r = await t.api(
      'POST',
      `contacts?$select=fullname&$expand=parentcustomerid_account($select=name)`,
      {
        body: { lastname: 'New', 'parentcustomerid_account@odata.bind': `/accounts(${acme})` },
        headers: { Prefer: 'return=representation' },
      },
    );
    expect(r.status).toBe(201);
    const b = (await r.json()) as Obj;
    expect((b['parentcustomerid_account'] as Obj)['name']).toBe('Acme');
    await t.api('DELETE', `contacts(${b['contactid'] as string})`);
  });
});

describe('Dynamics emulator: collection-valued $ref', () => {
  it('associates with POST …/$ref and disassociates with DELETE, both visible through $expand', async () => {
    const kids = async () =>
      (
        (await t.json(`accounts(${acme})?$select=name&$expand=contact_customer_accounts($select=firstname)`))[
          'contact_customer_accounts'
        ] as Obj[]
      ).map((k) => k['firstname']);
    const post = await t.api('POST', `accounts(${acme})/contact_customer_accounts/$ref`, {
      body: { '@odata.id': `${t.emu.apiUrl}contacts(${cy})` },
    });
    expect(post.status).toBe(204);
    expect((await kids()).sort()).toEqual(['Ann', 'Bob', 'Cy']);
    expect((await t.json(`contacts(${cy})?$select=_parentcustomerid_value`))['_parentcustomerid_value']).toBe(
      acme,
    );
    const del = await t.api('DELETE', `accounts(${acme})/contact_customer_accounts(${cy})/$ref`);
    expect(del.status).toBe(204);
    expect((await kids()).sort()).toEqual(['Ann', 'Bob']);
    const viaId = await t.api(
      'DELETE',
      `accounts(${acme})/contact_customer_accounts/$ref?$id=${encodeURIComponent(`${t.emu.apiUrl}contacts(${bob})`)}`,
    );
    expect(viaId.status).toBe(204);
    expect(await kids()).toEqual(['Ann']);
    await t.api('POST', `accounts(${acme})/contact_customer_accounts/$ref`, {
      body: { '@odata.id': `contacts(${bob})` },
    });
  });

  it('answers clear errors for a wrong target, a missing row and a PUT on a collection', async () => {
    const wrong = await t.api('POST', `accounts(${acme})/contact_customer_accounts/$ref`, {
      body: { '@odata.id': `accounts(${acme})` },
    });
    expect(wrong.status).toBe(400);
    const missing = await t.api('POST', `accounts(${acme})/contact_customer_accounts/$ref`, {
      body: { '@odata.id': `contacts(c0000000-0000-4000-8000-00000000000f)` },
    });
    expect(missing.status).toBe(404);
    expect((await error(missing)).code).toBe('0x80040217');
    const put = await t.api('PUT', `accounts(${acme})/contact_customer_accounts/$ref`, {
      body: { '@odata.id': `contacts(${cy})` },
    });
    expect(put.status).toBe(404);
    expect((await error(put)).message).toMatch(/No HTTP resource/);
  });
});

describe('Dynamics emulator: collection-valued @odata.bind', () => {
  it('links the named rows on create and update, and fails the whole write on a missing row', async () => {
    const r = await t.api('POST', 'accounts', {
      body: { name: 'Beta', 'contact_customer_accounts@odata.bind': [`/contacts(${cy})`] },
    });
    expect(r.status).toBe(204);
    const beta = /\(([^)]+)\)$/.exec(r.headers.get('odata-entityid') ?? '')?.[1] ?? '';
    expect((await t.json(`contacts(${cy})?$select=_parentcustomerid_value`))['_parentcustomerid_value']).toBe(
      beta,
    );
    const before = t.emu.store.count('account');
    const bad = await t.api('POST', 'accounts', {
      body: {
        name: 'Gamma',
        'contact_customer_accounts@odata.bind': ['/contacts(c0000000-0000-4000-8000-00000000000f)'],
      },
    });
    expect(bad.status).toBe(404);
    expect(t.emu.store.count('account')).toBe(before);
    const notArray = await t.api('PATCH', `accounts(${beta})`, {
      body: { 'contact_customer_accounts@odata.bind': `/contacts(${cy})` },
    });
    expect(notArray.status).toBe(400);
    await t.api('PATCH', `accounts(${beta})`, {
      body: { 'contact_customer_accounts@odata.bind': [`/contacts(${bob})`] },
    });
    expect(
      (await t.json(`contacts(${bob})?$select=_parentcustomerid_value`))['_parentcustomerid_value'],
    ).toBe(beta);
    await t.api('DELETE', `accounts(${beta})/contact_customer_accounts(${cy})/$ref`);
    await t.api('POST', `accounts(${acme})/contact_customer_accounts/$ref`, {
      body: { '@odata.id': `contacts(${bob})` },
    });
  });
});

describe('Dynamics emulator: navigation property reads', () => {
  it('reads the linked rows of a collection and the row behind a lookup, with $select', async () => {
    const kids = await t.json(`accounts(${acme})/contact_customer_accounts?$select=firstname`);
    expect(kids['@odata.context']).toBe(`${t.emu.apiUrl}$metadata#contacts(firstname)`);
    expect((kids['value'] as Obj[]).map((k) => k['firstname']).sort()).toEqual(['Ann', 'Bob']);
    const parent = await t.json(`contacts(${ann})/parentcustomerid_account?$select=name`);
    expect(parent['name']).toBe('Acme');
    expect((await t.api('GET', `contacts(${cy})/parentcustomerid_account`)).status).toBe(204);
    expect((await t.api('GET', `accounts(${acme})/contact_customer_accounts?$top=1`)).status).toBe(400);
  });
});
