// tenants/sandbox/metadata/ loads clean and says what the emulators will serve.
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadTenantMetadata } from '../../compiler/metadata/index.ts';
import { CLASSIC_METADATA, generateSnapshots, SANDBOX_METADATA } from './gen-sandbox-snapshots.ts';

const { metadata, diagnostics } = await loadTenantMetadata('tenants/sandbox/metadata');
const d = metadata.dynamics;

describe('sandbox metadata snapshots', () => {
  it('load with no diagnostics', () => {
    expect(diagnostics).toEqual([]);
  });

  it('contact: CSDL types merged with EntityDefinitions lengths and option sets', () => {
    const c = d.entities.get('contact');
    expect(c).toMatchObject({ entitySetName: 'contacts', primaryKey: 'contactid', changeTracking: true });
    expect(c?.attributes.size).toBeGreaterThanOrEqual(38);
    expect(c?.attributes.get('firstname')).toMatchObject({
      type: 'Edm.String',
      maxLength: 50,
      attributeType: 'String',
    });
    expect(c?.attributes.get('lastname')).toMatchObject({
      maxLength: 50,
      requiredLevel: 'ApplicationRequired',
    });
    expect(c?.attributes.get('emailaddress1')?.maxLength).toBe(100);
    expect(c?.attributes.get('birthdate')?.type).toBe('Edm.Date');
    expect(c?.attributes.get('versionnumber')).toMatchObject({ type: 'Edm.Int64', computed: true });
    expect(c?.attributes.get('gendercode')?.options).toEqual([
      { value: 1, label: 'Male' },
      { value: 2, label: 'Female' },
    ]);
    expect(c?.attributes.get('statecode')?.options).toEqual([
      { value: 0, label: 'Active' },
      { value: 1, label: 'Inactive' },
    ]);
    expect(c?.attributes.get('donotbulkemail')).toMatchObject({
      type: 'Edm.Boolean',
      attributeType: 'Boolean',
    });
    expect(c?.attributes.get('creditlimit')).toMatchObject({ type: 'Edm.Decimal', attributeType: 'Money' });
    // Lookup attribute `parentcustomerid` lands on the `_parentcustomerid_value` column; settable, so not computed.
    expect(c?.attributes.get('_parentcustomerid_value')).toMatchObject({
      type: 'Edm.Guid',
      computed: false,
      attributeType: 'Customer',
    });
    expect(c?.navigations.get('parentcustomerid_contact')?.constraint).toEqual({
      property: '_parentcustomerid_value',
      referencedProperty: 'contactid',
    });
  });

  it('custom entities: keys, lookups, change tracking on and off', () => {
    const v = d.entities.get('ferry_vehicle');
    expect(v).toMatchObject({
      entitySetName: 'ferry_vehicles',
      primaryKey: 'ferry_vehicleid',
      changeTracking: true,
    });
    expect(v?.attributes.get('ferry_vin')?.maxLength).toBe(17);
    expect(v?.attributes.get('ferry_year')?.type).toBe('Edm.Int32');
    expect(v?.navigations.get('ferry_contactid')).toMatchObject({
      target: 'contact',
      collection: false,
      constraint: { property: '_ferry_contactid_value', referencedProperty: 'contactid' },
    });
    expect(d.entities.get('ferry_servicevisit')?.navigations.get('ferry_vehicleid')?.target).toBe(
      'ferry_vehicle',
    );
    expect(d.entities.get('ferry_note')?.changeTracking).toBe(false);
  });

  it('activity tables inherit activitypointer and carry the event-id alternate key', () => {
    for (const t of ['ferry_emailsend', 'ferry_emailopen', 'ferry_emailclick', 'ferry_emailbounce']) {
      const e = d.entities.get(t);
      expect(e).toMatchObject({
        baseType: 'activitypointer',
        primaryKey: 'activityid',
        entitySetName: `${t}s`,
      });
      expect(e?.alternateKeys).toEqual([['ferry_eventid']]);
      expect(e?.attributes.get('subject')?.maxLength).toBe(200);
      expect(e?.navigations.get(`regardingobjectid_contact_${t}`)?.constraint?.property).toBe(
        '_regardingobjectid_value',
      );
      expect(d.boundActions.get(`${t}s`)).toContain('UpsertMultiple');
    }
    expect(d.entities.get('ferry_emailclick')?.attributes.has('ferry_trackingurl')).toBe(true);
    expect(d.entities.get('ferry_emailbounce')?.attributes.has('ferry_bouncereason')).toBe(true);
    expect(d.entities.get('task')?.navigations.has('regardingobjectid_contact_task')).toBe(true);
    expect(d.boundActions.get('contacts')).toEqual(['CreateMultiple', 'UpdateMultiple', 'UpsertMultiple']);
  });

  it('Campaign resources: paths, fields, filters, keys', () => {
    const p = metadata.campaign.resources.get('profile');
    expect(p?.path).toBe('profileAndServicesExt/profile');
    expect(p?.fields.get('email')).toMatchObject({ type: 'string', length: 128 });
    expect(p?.fields.get('externalId')?.length).toBe(100);
    expect(p?.fields.get('gender')?.values).toEqual(['unknown', 'male', 'female']);
    expect(p?.fields.get('age')).toMatchObject({ type: 'long', readOnly: true });
    expect(p?.fields.get('denyListEmail')?.type).toBe('boolean');
    expect(p?.filters.get('byExternalId')?.params).toEqual(['externalId_parameter']);
    expect(p?.filters.get('byEmail')?.params).toEqual(['email']);
    expect(p?.keys).toEqual([['externalId']]);
    const v = metadata.campaign.resources.get('cusVehicle');
    expect(v?.path).toBe('profileAndServicesExt/cusVehicle');
    expect(v?.fields.get('profile')).toMatchObject({ type: 'link', target: 'profile' });
    expect(metadata.campaign.resources.get('cusServiceVisit')?.fields.get('vehicle')?.target).toBe(
      'cusVehicle',
    );
    expect(metadata.campaign.resources.get('cusServiceVisit')?.filters.get('byCrmId')?.params).toEqual([
      'crmId_parameter',
    ]);
  });
});

describe('sandbox snapshot generator', () => {
  it('reproduces the committed files byte for byte (edit the specs, then regenerate)', async () => {
    const out = await mkdtemp(join(tmpdir(), 'ferry-snap-'));
    const files = generateSnapshots(out);
    expect(files.length).toBe(16);
    for (const f of files)
      expect(await readFile(join(out, f), 'utf8'), f).toBe(await readFile(join(SANDBOX_METADATA, f), 'utf8'));
  });

  it('also reproduces the sandbox-classic copy: the same files without the bulk actions', async () => {
    const out = await mkdtemp(join(tmpdir(), 'ferry-snap-classic-'));
    const files = generateSnapshots(out, false);
    for (const f of files)
      expect(await readFile(join(out, f), 'utf8'), f).toBe(await readFile(join(CLASSIC_METADATA, f), 'utf8'));
    const xml = await readFile(join(CLASSIC_METADATA, 'dynamics/metadata.xml'), 'utf8');
    expect(xml).not.toMatch(/Multiple/);
  });
});
