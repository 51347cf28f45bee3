import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestDynamics, type TestDynamics } from './dynamics-fixture.ts';

let t: TestDynamics;
beforeAll(async () => {
  t = await startTestDynamics();
});
afterAll(async () => t.emu.close());

const json = async (r: Response) => (await r.json()) as Record<string, unknown>;
const ACCOUNT = 'aaaaaaaa-0000-4000-8000-000000000001';

describe('Dynamics emulator: create', () => {
  it('creates with 204 + OData-EntityId, maintaining createdon/modifiedon/versionnumber', async () => {
    const before = t.emu.store.currentVersion;
    const r = await t.api('POST', 'contacts', { body: { firstname: 'Ann', lastname: 'Lee' } });
    expect(r.status).toBe(204);
    const loc = r.headers.get('odata-entityid') ?? '';
    expect(loc).toMatch(new RegExp(`^${t.emu.apiUrl.replace(/\./g, '\\.')}contacts\\([0-9a-f-]{36}\\)$`));
    const id = /\(([^)]+)\)$/.exec(loc)?.[1] ?? '';
    const row = t.emu.store.get('contact', id);
    expect(row?.['createdon']).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(row?.versionnumber).toBeGreaterThan(before);
    expect(row?.['statecode']).toBe(0);
    expect(row?.['donotbulkemail']).toBe(false);
  });

  it('returns 201 + body with return=representation', async () => {
    const r = await t.api('POST', 'contacts?$select=firstname', {
      headers: { Prefer: 'return=representation' },
      body: { firstname: 'Rep', lastname: 'X' },
    });
    expect(r.status).toBe(201);
    expect(r.headers.get('preference-applied')).toBe('return=representation');
    expect(r.headers.get('odata-entityid')).toBeNull();
    const b = await json(r);
    expect(b['@odata.context']).toBe(`${t.emu.apiUrl}$metadata#contacts(firstname)/$entity`);
    expect(b['@odata.etag']).toBe(r.headers.get('etag'));
    expect(b['firstname']).toBe('Rep');
  });

  it('rejects unknown properties, binds on column names, over-long strings, bad types and read-only columns', async () => {
    const r1 = await t.api('POST', 'contacts', { body: { Name: 'x' } });
    expect(r1.status).toBe(400);
    const e1 = (await json(r1))['error'] as Record<string, string>;
    expect(e1['code']).toBe('0x0');
    expect(e1['message']).toMatch(
      /^An error occurred while validating input parameters: Microsoft\.Crm\.CrmException: Invalid property 'Name' was found in entity 'Microsoft\.Dynamics\.CRM\.contact'\. ---> /,
    );

    const r2 = await t.api('POST', 'contacts', {
      body: { lastname: 'x', 'parentcustomerid@odata.bind': `/accounts(${ACCOUNT})` },
    });
    expect(r2.status).toBe(400);
    const e2 = (await json(r2))['error'] as Record<string, string>;
    expect(e2['code']).toBe('0x80048d19');
    expect(e2['message']).toMatch(
      /^Error identified in Payload provided by the user for Entity :'contacts' ----> InnerException : Microsoft\.OData\.ODataException: An undeclared property 'parentcustomerid' which only has property annotations in the payload but no property value was found in the payload/,
    );

    const r3 = await t.api('POST', 'contacts', { body: { lastname: 'x'.repeat(51) } });
    expect(r3.status).toBe(400);
    expect(await json(r3)).toEqual({
      error: {
        code: '0x80044331',
        message:
          "A validation error occurred.  The length of the 'lastname' attribute of the 'contact' entity exceeded the maximum allowed length of '50'.",
      },
    });

    const r4 = await t.api('POST', 'contacts', { body: { gendercode: 'two' } });
    expect(r4.status).toBe(400);
    const r5 = await t.api('POST', 'contacts', { body: { createdon: '2020-01-01T00:00:00Z' } });
    expect(r5.status).toBe(400);
    const r6 = await t.api('POST', 'contacts', { body: { _parentcustomerid_value: ACCOUNT } });
    expect(r6.status).toBe(400);
  });

  it('binds a lookup through its navigation property and checks the target exists', async () => {
    t.emu.store.upsert('account', { accountid: ACCOUNT, name: 'Acme' });
    const r = await t.api('POST', 'contacts', {
      headers: { Prefer: 'return=representation' },
      body: { lastname: 'B', 'parentcustomerid_account@odata.bind': `/accounts(${ACCOUNT})` },
    });
    expect(r.status).toBe(201);
    const created = await json(r);
    expect(created['_parentcustomerid_value']).toBe(ACCOUNT);
    const annotated = await json(
      await t.api('GET', `contacts(${String(created['contactid'])})?$select=_parentcustomerid_value`, {
        headers: { Prefer: 'odata.include-annotations="*"' },
      }),
    );
    expect(annotated['_parentcustomerid_value@Microsoft.Dynamics.CRM.lookuplogicalname']).toBe('account');
    expect(annotated['_parentcustomerid_value@Microsoft.Dynamics.CRM.associatednavigationproperty']).toBe(
      'parentcustomerid_account',
    );
    const keys = Object.keys(annotated);
    expect(keys.indexOf('_parentcustomerid_value@Microsoft.Dynamics.CRM.lookuplogicalname')).toBe(
      keys.indexOf('_parentcustomerid_value') - 1,
    );
    const missing = 'aaaaaaaa-0000-4000-8000-0000000000ff';
    const r2 = await t.api('POST', 'contacts', {
      body: { lastname: 'B', 'parentcustomerid_account@odata.bind': `accounts(${missing})` },
    });
    expect(r2.status).toBe(404);
    expect(((await json(r2))['error'] as Record<string, string>)['message']).toBe(
      `Entity 'account' With Id = ${missing} Does Not Exist`,
    );
  });
});

describe('Dynamics emulator: update, upsert, conditional writes, delete', () => {
  const id = 'cccccccc-0000-4000-8000-000000000001';

  it('upserts by primary key: create then update, both 204 with OData-EntityId', async () => {
    const r1 = await t.api('PATCH', `contacts(${id})`, { body: { lastname: 'Up' } });
    expect(r1.status).toBe(204);
    expect(r1.headers.get('odata-entityid')).toBe(`${t.emu.apiUrl}contacts(${id})`);
    const v1 = t.emu.store.get('contact', id)?.versionnumber ?? 0;
    const r2 = await t.api('PATCH', `contacts(${id})`, { body: { firstname: 'Fi' } });
    expect(r2.status).toBe(204);
    const row = t.emu.store.get('contact', id);
    expect(row?.['lastname']).toBe('Up');
    expect(row?.['firstname']).toBe('Fi');
    expect(row?.versionnumber).toBeGreaterThan(v1);
  });

  it('returns 200/201 with return=representation on upsert', async () => {
    const r = await t.api('PATCH', `contacts(${id})`, {
      headers: { Prefer: 'return=representation' },
      body: { firstname: 'G' },
    });
    expect(r.status).toBe(200);
    const r2 = await t.api('PATCH', 'contacts(cccccccc-0000-4000-8000-000000000002)', {
      headers: { Prefer: 'return=representation' },
      body: { firstname: 'New' },
    });
    expect(r2.status).toBe(201);
    expect(r2.headers.get('etag')).toMatch(/^W\/"\d+"$/);
  });

  it('honours If-Match: * and If-None-Match: * with the exact bodies', async () => {
    const r1 = await t.api('PATCH', 'contacts(cccccccc-0000-4000-8000-0000000000aa)', {
      headers: { 'If-Match': '*' },
      body: { firstname: 'x' },
    });
    expect(r1.status).toBe(404);
    expect(t.emu.store.get('contact', 'cccccccc-0000-4000-8000-0000000000aa')).toBeUndefined();
    const r2 = await t.api('PATCH', `contacts(${id})`, {
      headers: { 'If-None-Match': '*' },
      body: { firstname: 'x' },
    });
    expect(r2.status).toBe(412);
    expect(await json(r2)).toEqual({
      error: { code: '', message: 'A record with matching key values already exists.' },
    });
    // The standard `If-None-Match: null` request header is no condition.
    const r3 = await t.api('PATCH', `contacts(${id})`, {
      headers: { 'If-None-Match': 'null' },
      body: { firstname: 'ok' },
    });
    expect(r3.status).toBe(204);
  });

  it('rejects a stale If-Match ETag with 412 on PATCH and DELETE', async () => {
    const stale = 'W/"1"';
    const r1 = await t.api('PATCH', `contacts(${id})`, {
      headers: { 'If-Match': stale },
      body: { firstname: 'x' },
    });
    expect(r1.status).toBe(412);
    expect(await json(r1)).toEqual({
      error: {
        code: '',
        message: "The version of the existing record doesn't match the RowVersion property provided.",
      },
    });
    const r2 = await t.api('DELETE', `contacts(${id})`, { headers: { 'If-Match': stale } });
    expect(r2.status).toBe(412);
    const etag = `W/"${t.emu.store.get('contact', id)?.versionnumber ?? 0}"`;
    const r3 = await t.api('PATCH', `contacts(${id})`, {
      headers: { 'If-Match': etag },
      body: { firstname: 'fresh' },
    });
    expect(r3.status).toBe(204);
  });

  it('upserts by alternate key with quote escaping; URL key values win on update', async () => {
    const r1 = await t.api('PATCH', "contacts(ferry_eventid='it''s-1')", { body: { lastname: 'Alt' } });
    expect(r1.status).toBe(204);
    expect(r1.headers.get('odata-entityid')).toBe(`${t.emu.apiUrl}contacts(ferry_eventid='it''s-1')`);
    const newId = String(
      [...(t.emu.store.table('contact')?.rows.values() ?? [])].find((x) => x['ferry_eventid'] === "it's-1")?.[
        'contactid'
      ],
    );
    const r2 = await t.api('PATCH', "contacts(ferry_eventid='it''s-1')", {
      body: { lastname: 'Alt2', ferry_eventid: 'other' },
    });
    expect(r2.status).toBe(204);
    expect(t.emu.store.get('contact', newId)?.['lastname']).toBe('Alt2');
    expect(t.emu.store.get('contact', newId)?.['ferry_eventid']).toBe("it's-1");
    const matches = [...(t.emu.store.table('contact')?.rows.values() ?? [])].filter(
      (r) => r['ferry_eventid'] === "it's-1",
    );
    expect(matches).toHaveLength(1);
  });

  it('rejects a key that is not a defined alternate key', async () => {
    const r = await t.api('PATCH', "contacts(firstname='x')", { body: { lastname: 'x' } });
    expect(r.status).toBe(400);
    expect(((await json(r))['error'] as Record<string, string>)['code']).toBe('0x80060890');
  });

  it('deletes with 204, then 404 0x80040217', async () => {
    const r1 = await t.api('DELETE', `contacts(${id})`);
    expect(r1.status).toBe(204);
    const r2 = await t.api('DELETE', `contacts(${id})`);
    expect(r2.status).toBe(404);
    expect(await json(r2)).toEqual({
      error: { code: '0x80040217', message: `Entity 'contact' With Id = ${id} Does Not Exist` },
    });
  });

  it('writes and clears single properties', async () => {
    const pid = 'cccccccc-0000-4000-8000-000000000003';
    t.emu.store.upsert('contact', { contactid: pid, lastname: 'P', firstname: 'Q' });
    expect((await t.api('PUT', `contacts(${pid})/lastname`, { body: { value: 'P2' } })).status).toBe(204);
    expect((await t.api('DELETE', `contacts(${pid})/firstname`)).status).toBe(204);
    expect(t.emu.store.get('contact', pid)?.['lastname']).toBe('P2');
    expect(t.emu.store.get('contact', pid)?.['firstname']).toBeNull();
  });
});

describe('Dynamics emulator: body size limit', () => {
  it('answers 413 above the configured body cap', async () => {
    const small = await startTestDynamics({ maxBodyBytes: 1024 });
    try {
      const r = await small.api('POST', 'contacts', { body: { lastname: 'x'.repeat(2000) } });
      expect(r.status).toBe(413);
      expect(small.emu.store.count('contact')).toBe(0);
    } finally {
      await small.emu.close();
    }
  });
});
