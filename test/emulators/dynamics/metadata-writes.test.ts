import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { manualClock } from '../../../emulators/common/clock.ts';
import { startFreshOrg, type FreshOrg } from './fresh-org.ts';

const clock = manualClock();
let org: FreshOrg;
beforeAll(async () => {
  org = await startFreshOrg({ clock, keyIndexDelayMs: 60_000 });
});
afterAll(async () => org.emu.close());

const label = (text: string) => ({
  '@odata.type': 'Microsoft.Dynamics.CRM.Label',
  LocalizedLabels: [
    { '@odata.type': 'Microsoft.Dynamics.CRM.LocalizedLabel', Label: text, LanguageCode: 1033 },
  ],
});
const text = (schema: string, max: number, extra: object = {}) => ({
  '@odata.type': 'Microsoft.Dynamics.CRM.StringAttributeMetadata',
  AttributeType: 'String',
  SchemaName: schema,
  DisplayName: label(schema),
  RequiredLevel: { Value: 'None' },
  MaxLength: max,
  FormatName: { Value: 'Text' },
  ...extra,
});
const activity = {
  '@odata.type': 'Microsoft.Dynamics.CRM.EntityMetadata',
  SchemaName: 'ferry_emailsend',
  DisplayName: label('Email send'),
  DisplayCollectionName: label('Email sends'),
  OwnershipType: 'UserOwned',
  IsActivity: true,
  HasActivities: false,
  HasNotes: false,
  Attributes: [text('Subject', 200, { IsPrimaryName: true }), text('ferry_eventid', 100)],
};
const json = async (r: Response) => (await r.json()) as Record<string, unknown>;
const CONTACT = '/contacts(00000000-0000-0000-0000-000000000001)';

describe('Dataverse emulator: metadata writes', () => {
  it('creates an activity table: 204 + OData-EntityId, then serves it in EntityDefinitions, $metadata and data', async () => {
    expect((await org.api('GET', 'ferry_emailsends')).status).toBe(404);
    const r = await org.api('POST', 'EntityDefinitions', activity);
    expect(r.status).toBe(204);
    expect(r.headers.get('odata-entityid')).toMatch(
      /\/api\/data\/v9\.2\/EntityDefinitions\([0-9a-f-]{36}\)$/,
    );
    const def = await json(
      await org.api(
        'GET',
        "EntityDefinitions(LogicalName='ferry_emailsend')?$select=LogicalName,IsActivity,EntitySetName,PrimaryIdAttribute",
      ),
    );
    expect(def).toMatchObject({
      LogicalName: 'ferry_emailsend',
      IsActivity: true,
      EntitySetName: 'ferry_emailsends',
      PrimaryIdAttribute: 'activityid',
    });
    const attr = await json(
      await org.api(
        'GET',
        "EntityDefinitions(LogicalName='ferry_emailsend')/Attributes(LogicalName='ferry_eventid')",
      ),
    );
    expect(attr).toMatchObject({ AttributeType: 'String', MaxLength: 100, IsCustomAttribute: true });
    const csdl = await (await org.api('GET', '$metadata')).text();
    expect(csdl).toContain('<EntityType Name="ferry_emailsend" BaseType="mscrm.activitypointer">');
    expect(csdl).toContain('<EntitySet Name="ferry_emailsends"');
    // The snapshot declares the bulk actions on its tables: a new one gets them as well.
    expect(csdl).toContain('Type="Collection(mscrm.ferry_emailsend)"');
    const created = await org.api('POST', 'ferry_emailsends', { subject: 's', ferry_eventid: 'x1' });
    expect(created.status).toBe(204);
    expect(
      ((await json(await org.api('GET', 'ferry_emailsends?$select=ferry_eventid')))['value'] as unknown[])
        .length,
    ).toBe(1);
  });

  it('refuses a second table of the same name and a table without a primary name column', async () => {
    const dup = await org.api('POST', 'EntityDefinitions', activity);
    expect(dup.status).toBe(400);
    expect(JSON.stringify(await dup.json())).toContain('already exists');
    const noName = await org.api('POST', 'EntityDefinitions', {
      ...activity,
      SchemaName: 'ferry_other',
      Attributes: [],
    });
    expect(noName.status).toBe(400);
  });

  it('adds a column to an existing table and refuses it twice', async () => {
    const path = "EntityDefinitions(LogicalName='ferry_emailsend')/Attributes";
    const r = await org.api('POST', path, text('ferry_campaignname', 100));
    expect(r.status).toBe(204);
    expect(r.headers.get('odata-entityid')).toMatch(
      /EntityDefinitions\([0-9a-f-]{36}\)\/Attributes\([0-9a-f-]{36}\)$/,
    );
    expect((await org.api('POST', path, text('ferry_campaignname', 100))).status).toBe(400);
    const csdl = await (await org.api('GET', '$metadata')).text();
    expect(csdl).toMatch(
      /<EntityType Name="ferry_emailsend"[^]*?<Property Name="ferry_campaignname" Type="Edm.String"/,
    );
    expect(
      (
        await org.api('PATCH', 'ferry_emailsends(activityid=00000000-0000-0000-0000-0000000000aa)', {
          ferry_campaignname: 'c',
        })
      ).status,
    ).toBe(204);
  });

  it('builds a key asynchronously: Pending (not usable), then Active, in $metadata and usable for upserts', async () => {
    const keys = "EntityDefinitions(LogicalName='ferry_emailsend')/Keys";
    const body = {
      SchemaName: 'ferry_eventid_key',
      DisplayName: label('Event id'),
      KeyAttributes: ['ferry_eventid'],
    };
    const r = await org.api('POST', keys, body);
    expect(r.status).toBe(204);
    expect(r.headers.get('odata-entityid')).toMatch(/\/Keys\([0-9a-f-]{36}\)$/);
    expect((await org.api('POST', keys, body)).status).toBe(400);
    const pending = await json(
      await org.api('GET', `${keys}?$select=LogicalName,KeyAttributes,EntityKeyIndexStatus`),
    );
    expect(pending['value']).toEqual([
      expect.objectContaining({
        LogicalName: 'ferry_eventid_key',
        KeyAttributes: ['ferry_eventid'],
        EntityKeyIndexStatus: 'Pending',
      }),
    ]);
    const upsert = () =>
      org.api('PATCH', "ferry_emailsends(ferry_eventid='x2')", {
        subject: 'open',
        'regardingobjectid_contact_ferry_emailsend@odata.bind': CONTACT,
      });
    expect((await upsert()).status).toBe(400);
    clock.advance(60_000);
    const active = await json(await org.api('GET', `${keys}(LogicalName='ferry_eventid_key')`));
    expect(active['EntityKeyIndexStatus']).toBe('Active');
    expect(await (await org.api('GET', '$metadata')).text()).toMatch(
      /<EntityType Name="ferry_emailsend"[^]*?PropertyPath="ferry_eventid"/,
    );
    await org.api('POST', 'contacts', { contactid: CONTACT.slice(10, 46), lastname: 'x' });
    expect((await upsert()).status).toBe(204);
  });

  it('fails a key whose values repeat in the rows', async () => {
    await org.api(
      'POST',
      "EntityDefinitions(LogicalName='ferry_emailsend')/Attributes",
      text('ferry_deliveryname', 100),
    );
    await org.api('POST', 'ferry_emailsends', { subject: 'a', ferry_deliveryname: 'same' });
    await org.api('POST', 'ferry_emailsends', { subject: 'b', ferry_deliveryname: 'same' });
    const keys = "EntityDefinitions(LogicalName='ferry_emailsend')/Keys";
    await org.api('POST', keys, { SchemaName: 'ferry_delivery_key', KeyAttributes: ['ferry_deliveryname'] });
    clock.advance(60_000);
    const k = await json(await org.api('GET', `${keys}(LogicalName='ferry_delivery_key')`));
    expect(k['EntityKeyIndexStatus']).toBe('Failed');
  });
});
