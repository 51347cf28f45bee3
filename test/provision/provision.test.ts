import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadProject } from '../../compiler/project/index.ts';
import type { Mapping } from '../../core/model/mapping.ts';
import { campaignNeeds, dynamicsNeeds, provision } from '../../runtime/provision/index.ts';
import { startFreshOrg, type FreshOrg } from '../emulators/dynamics/fresh-org.ts';
import { apiFor, noWait } from './fixture.ts';

let mappings: Mapping[];
let org: FreshOrg;
beforeAll(async () => {
  const project = await loadProject({ root: '.', tenant: 'sandbox' });
  mappings = project.mappings.map((m) => m.value);
  org = await startFreshOrg({ keyIndexDelayMs: 0 });
});
afterAll(async () => org.emu.close());

describe('what the events mappings need', () => {
  it('lists the four activity tables with their columns and event-id key, and the follow-up task', () => {
    const needs = dynamicsNeeds(mappings);
    expect(needs.map((t) => [t.logicalName, t.custom])).toEqual([
      ['ferry_emailsend', true],
      ['ferry_emailopen', true],
      ['ferry_emailclick', true],
      ['task', false],
      ['ferry_emailbounce', true],
    ]);
    const click = needs.find((t) => t.logicalName === 'ferry_emailclick');
    expect(click?.keys).toEqual([{ schemaName: 'ferry_eventid_key', columns: ['ferry_eventid'] }]);
    expect(click?.columns.map((c) => [c.name, c.kind, c.maxLength])).toEqual([
      ['ferry_eventid', 'String', 100],
      ['ferry_campaignname', 'String', 100],
      ['ferry_deliveryname', 'String', 100],
      ['ferry_eventdate', 'DateTime', undefined],
      ['ferry_mirrorpageurl', 'String', 500],
      ['ferry_trackingurl', 'String', 500],
    ]);
    // subject and description are activity columns: never created.
    expect(needs.find((t) => t.logicalName === 'task')?.columns).toEqual([]);
  });
});

describe('what the entity and opt-out mappings need in Campaign', () => {
  it('one entry per resource: fields with their Dynamics source, key field, filter and links', () => {
    const needs = campaignNeeds(mappings);
    expect(needs.map((n) => [n.resource, n.custom, n.keyField, n.filter, n.filterParam, n.links])).toEqual([
      ['profile', false, 'externalId', 'byExternalId', 'externalId_parameter', []],
      ['cusVehicle', true, 'crmId', 'byCrmId', 'crmId_parameter', ['profile']],
      ['cusServiceVisit', true, 'crmId', 'byCrmId', 'crmId_parameter', ['cusVehicle']],
    ]);
    const profile = needs[0];
    expect(profile?.mappings).toEqual(['contacts', 'optout']);
    expect(profile?.fields).toContainEqual({ name: 'email', from: 'emailaddress1' });
    expect(profile?.fields.some((f) => f.from?.startsWith('donot'))).toBe(true);
  });
});

describe('ferry provision against an org without the activity tables', () => {
  it('--dry-run plans four tables and four keys and creates nothing', async () => {
    const r = await provision(apiFor(org.emu, org.token), mappings, { dryRun: true, wait: noWait });
    expect(r.plan.steps.map((s) => `${s.kind} ${s.table}`)).toEqual([
      'table ferry_emailsend',
      'key ferry_emailsend',
      'table ferry_emailopen',
      'key ferry_emailopen',
      'table ferry_emailclick',
      'key ferry_emailclick',
      'table ferry_emailbounce',
      'key ferry_emailbounce',
    ]);
    expect(r.plan.steps[0]?.summary).toBe(
      'table ferry_emailsend (activity, "Campaign Email Send") with subject, ferry_eventid text(100, required), ferry_campaignname text(100), ferry_deliveryname text(100), ferry_eventdate datetime, ferry_mirrorpageurl text(500)',
    );
    expect(r.applied).toEqual([]);
    expect((await org.api('GET', 'ferry_emailsends')).status).toBe(404);
  });

  it('creates them, waits for the keys, and a second run creates nothing', async () => {
    const api = apiFor(org.emu, org.token);
    const first = await provision(api, mappings, { dryRun: false, wait: noWait });
    expect(first.applied).toHaveLength(8);
    expect(first.applied[0]?.entityId).toMatch(/EntityDefinitions\([0-9a-f-]{36}\)$/);
    expect(first.problems).toEqual([]);
    const second = await provision(api, mappings, { dryRun: false, wait: noWait });
    expect(second.applied).toEqual([]);
    expect(second.problems).toEqual([]);
    expect(second.plan.inPlace).toEqual([
      'ferry_emailsend',
      'ferry_emailopen',
      'ferry_emailclick',
      'task',
      'ferry_emailbounce',
    ]);
  });

  it('the provisioned tables take the runtime writes: upsert by event id, regarding a contact', async () => {
    const contact = '00000000-0000-0000-0000-0000000000c1';
    await org.api('POST', 'contacts', { contactid: contact, lastname: 'Doe' });
    const body = {
      subject: 'c d',
      ferry_trackingurl: 'https://example.com/x',
      ferry_eventdate: '2026-01-01T00:00:00Z',
      'regardingobjectid_contact_ferry_emailclick@odata.bind': `/contacts(${contact})`,
    };
    expect((await org.api('PATCH', "ferry_emailclicks(ferry_eventid='ev-1')", body)).status).toBe(204);
    expect((await org.api('PATCH', "ferry_emailclicks(ferry_eventid='ev-1')", body)).status).toBe(204);
    const rows = (await (
      await org.api('GET', 'ferry_emailclicks?$select=_regardingobjectid_value')
    ).json()) as {
      value: Record<string, unknown>[];
    };
    expect(rows.value).toEqual([expect.objectContaining({ _regardingobjectid_value: contact })]);
  });
});

describe('ferry provision where tables exist', () => {
  let snap: FreshOrg;
  beforeAll(async () => {
    snap = await startFreshOrg({ without: [] });
  });
  afterAll(async () => snap.emu.close());

  it('plans nothing against the sandbox org, which has every table, column and key', async () => {
    const r = await provision(apiFor(snap.emu, snap.token), mappings, { dryRun: true, wait: noWait });
    expect(r.plan.steps).toEqual([]);
    expect(r.problems.filter((p) => p.severity === 'error')).toEqual([]);
  });

  it('reports a column of another type as a conflict and creates nothing', async () => {
    const fresh = await startFreshOrg({ keyIndexDelayMs: 0 });
    try {
      const label = { LocalizedLabels: [{ Label: 'x', LanguageCode: 1033 }] };
      const text = (s: string, extra = {}) => ({
        '@odata.type': 'Microsoft.Dynamics.CRM.StringAttributeMetadata',
        SchemaName: s,
        DisplayName: label,
        MaxLength: 100,
        ...extra,
      });
      await fresh.api('POST', 'EntityDefinitions', {
        SchemaName: 'ferry_emailsend',
        DisplayName: label,
        OwnershipType: 'UserOwned',
        IsActivity: true,
        Attributes: [
          text('Subject', { IsPrimaryName: true }),
          text('ferry_eventid'),
          {
            '@odata.type': 'Microsoft.Dynamics.CRM.IntegerAttributeMetadata',
            SchemaName: 'ferry_eventdate',
            DisplayName: label,
          },
        ],
      });
      const r = await provision(apiFor(fresh.emu, fresh.token), mappings, { dryRun: false, wait: noWait });
      expect(r.problems).toEqual([
        expect.objectContaining({
          severity: 'error',
          code: 'FERRY_PROVISION_CONFLICT',
          message: expect.stringContaining('ferry_emailsend.ferry_eventdate is Integer'),
        }),
      ]);
      expect(r.applied).toEqual([]);
    } finally {
      await fresh.emu.close();
    }
  });
});
