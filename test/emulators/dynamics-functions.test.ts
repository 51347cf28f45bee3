import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSnapshotDynamics, type SnapshotDynamics } from './dynamics-snapshot-fixture.ts';

let t: SnapshotDynamics;
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

beforeAll(async () => {
  t = await startSnapshotDynamics('app-client-1');
});
afterAll(async () => t.emu.close());

describe('Dynamics emulator: unbound functions and actions', () => {
  it('answers WhoAmI and WhoAmI() with the WhoAmIResponse and its context', async () => {
    const a = await t.json('WhoAmI');
    const b = await t.json('WhoAmI()');
    expect(a['@odata.context']).toBe(`${t.emu.apiUrl}$metadata#Microsoft.Dynamics.CRM.WhoAmIResponse`);
    for (const k of ['BusinessUnitId', 'UserId', 'OrganizationId']) expect(a[k]).toMatch(GUID);
    expect(b).toEqual(a);
  });

  it('names the systemuser whose applicationid is the calling client', async () => {
    const id = '5a5a5a5a-0000-4000-8000-000000000001';
    t.emu.store.upsert('systemuser', { systemuserid: id, applicationid: 'app-client-1' });
    expect((await t.json('WhoAmI'))['UserId']).toBe(id);
    t.emu.store.delete('systemuser', id);
  });

  it('answers RetrieveVersion with a 9.2 version', async () => {
    const b = await t.json('RetrieveVersion()');
    expect(b['@odata.context']).toBe(
      `${t.emu.apiUrl}$metadata#Microsoft.Dynamics.CRM.RetrieveVersionResponse`,
    );
    expect(b['Version']).toMatch(/^9\.2\.\d+\.\d+$/);
  });

  it('answers POST WhoAmI with the documented "No HTTP resource" 404', async () => {
    const r = await t.api('POST', 'WhoAmI', { body: {} });
    expect(r.status).toBe(404);
    expect(((await r.json()) as { error: { message: string } }).error.message).toBe(
      `No HTTP resource was found that matches the request URI '${t.emu.apiUrl}WhoAmI'.`,
    );
  });

  it('answers 501 with an OData error body for other functions and actions, bound or not', async () => {
    for (const [m, p] of [
      [
        'GET',
        "RetrieveCurrentOrganization(AccessType=@p1)?@p1=Microsoft.Dynamics.CRM.EndpointAccessType'Default'",
      ],
      ['GET', 'RetrieveTotalRecordCount(EntityNames=@p1)?@p1=["contact"]'],
      ['POST', 'Microsoft.Dynamics.CRM.SendEmail'],
      ['POST', 'Merge'],
      ['GET', 'SomeCustomFunction()'],
      ['POST', 'contacts(00000000-0000-0000-0000-000000000001)/Microsoft.Dynamics.CRM.InitializeFrom'],
    ] as const) {
      const r = await t.api(m, p, m === 'POST' ? { body: {} } : {});
      expect(r.status, p).toBe(501);
      const e = ((await r.json()) as { error: { code: string; message: string } }).error;
      expect(e.message, p).toMatch(/does not implement the (\S+ (function|action)|bound operation \S+)\./);
    }
  });

  it('keeps the 404 segment error for an unknown entity set', async () => {
    const r = await t.api('GET', 'Contacts');
    expect(r.status).toBe(404);
    expect(((await r.json()) as { error: { code: string } }).error.code).toBe('0x8006088a');
  });
});

describe('Dynamics emulator: computed columns', () => {
  it('computes fullname from firstname and lastname on every write, readable and filterable', async () => {
    const r = await t.api('POST', 'contacts', {
      body: { firstname: 'Ada', lastname: 'Lovelace' },
      headers: { Prefer: 'return=representation' },
    });
    expect(r.status).toBe(201);
    const created = (await r.json()) as Record<string, unknown>;
    expect(created['fullname']).toBe('Ada Lovelace');
    const id = created['contactid'] as string;
    await t.api('PATCH', `contacts(${id})`, { body: { firstname: 'Augusta Ada' } });
    expect((await t.json(`contacts(${id})?$select=fullname`))['fullname']).toBe('Augusta Ada Lovelace');
    const f = await t.json(`contacts?$select=contactid&$filter=fullname eq 'augusta ada lovelace'`);
    expect((f['value'] as unknown[]).length).toBe(1);
    await t.api('PATCH', `contacts(${id})`, { body: { firstname: null, lastname: 'Byron' } });
    expect((await t.json(`contacts(${id})?$select=fullname`))['fullname']).toBe('Byron');
  });

  it('refuses a write to fullname', async () => {
    const r = await t.api('POST', 'contacts', { body: { lastname: 'X', fullname: 'Someone Else' } });
    expect(r.status).toBe(400);
  });
});

describe('Dynamics emulator: EntityDefinitions standard properties', () => {
  it('serves PrimaryIdAttribute, PrimaryNameAttribute and the other standard properties', async () => {
    const c = await t.json(`EntityDefinitions(LogicalName='contact')`);
    expect(c).toMatchObject({
      LogicalName: 'contact',
      EntitySetName: 'contacts',
      LogicalCollectionName: 'contacts',
      PrimaryIdAttribute: 'contactid',
      PrimaryNameAttribute: 'fullname',
      ObjectTypeCode: 2,
      IsActivity: false,
      IsCustomEntity: false,
      OwnershipType: 'UserOwned',
    });
    const e = await t.json(
      `EntityDefinitions(LogicalName='ferry_emailsend')?$select=PrimaryIdAttribute,PrimaryNameAttribute,IsActivity,IsCustomEntity,ObjectTypeCode`,
    );
    expect(e).toMatchObject({
      PrimaryIdAttribute: 'activityid',
      PrimaryNameAttribute: 'subject',
      IsActivity: true,
      IsCustomEntity: true,
    });
    expect(e['ObjectTypeCode']).toBeGreaterThanOrEqual(10000);
    expect(Object.keys(e).sort()).toEqual(
      [
        '@odata.context',
        'IsActivity',
        'IsCustomEntity',
        'MetadataId',
        'ObjectTypeCode',
        'PrimaryIdAttribute',
        'PrimaryNameAttribute',
      ].sort(),
    );
  });

  it('filters EntityDefinitions on the standard properties', async () => {
    const b = await t.json(`EntityDefinitions?$select=LogicalName&$filter=IsActivity eq true`);
    const names = (b['value'] as { LogicalName: string }[]).map((v) => v.LogicalName);
    expect(names).toContain('task');
    expect(names).not.toContain('contact');
  });
});
