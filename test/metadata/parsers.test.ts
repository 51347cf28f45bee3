// Unit behaviour of the EntityDefinitions and resourceType parsers, the loader's errors, and fingerprints.
import { mkdtemp, mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCampaignResource } from '../../core/metadata/campaign.ts';
import { parseEntityDefinition } from '../../core/metadata/entity-definitions.ts';
import { diffFingerprint, fingerprint } from '../../core/metadata/fingerprint.ts';
import { loadTenantMetadata } from '../../compiler/metadata/index.ts';

describe('parseEntityDefinition', () => {
  it('reads the typed-cast attribute shapes of EntityDefinitions from a { value } response', () => {
    const def = parseEntityDefinition({
      value: [
        {
          '@odata.type': '#Microsoft.Dynamics.CRM.StringAttributeMetadata',
          LogicalName: 'emailaddress1',
          MaxLength: 100,
          MetadataId: 'x',
        },
        {
          '@odata.type': '#Microsoft.Dynamics.CRM.PicklistAttributeMetadata',
          LogicalName: 'gendercode',
          GlobalOptionSet: null,
          OptionSet: {
            Name: 'contact_gendercode',
            Options: [
              {
                Value: 1,
                Label: {
                  LocalizedLabels: [{ Label: 'Male', LanguageCode: 1033 }],
                  UserLocalizedLabel: { Label: 'Male', LanguageCode: 1033 },
                },
              },
            ],
          },
        },
        {
          LogicalName: 'lastname',
          AttributeType: 'String',
          RequiredLevel: { Value: 'ApplicationRequired', CanBeChanged: true },
        },
      ],
    });
    expect(def.attributes.get('emailaddress1')).toEqual({
      name: 'emailaddress1',
      attributeType: 'String',
      maxLength: 100,
    });
    expect(def.attributes.get('gendercode')).toEqual({
      name: 'gendercode',
      attributeType: 'Picklist',
      options: [{ value: 1, label: 'Male' }],
    });
    expect(def.attributes.get('lastname')?.requiredLevel).toBe('ApplicationRequired');
  });

  it('reads Boolean option sets in both shapes, falling back to LocalizedLabels', () => {
    const def = parseEntityDefinition({
      Attributes: [
        {
          LogicalName: 'a',
          AttributeType: 'Boolean',
          OptionSet: {
            TrueOption: { Value: 1, Label: { UserLocalizedLabel: { Label: 'Yes' } } },
            FalseOption: { Value: 0, Label: { LocalizedLabels: [{ Label: 'No' }] } },
          },
        },
        {
          LogicalName: 'b',
          AttributeType: 'Boolean',
          OptionSet: { Options: [{ Value: 0, Label: { UserLocalizedLabel: { Label: 'Off' } } }] },
        },
      ],
    });
    expect(def.attributes.get('a')?.options).toEqual([
      { value: 0, label: 'No' },
      { value: 1, label: 'Yes' },
    ]);
    expect(def.attributes.get('b')?.options).toEqual([{ value: 0, label: 'Off' }]);
  });
});

describe('parseCampaignResource', () => {
  it('takes the path from data, params from filter URLs, link targets from resTarget paths', () => {
    const r = parseCampaignResource({
      name: 'transactions',
      data: '/customResources/transactions/',
      content: {
        amount: { apiName: 'amount', type: 'double', mandatory: true },
        owner: { apiName: 'owner', type: 'link', resTarget: 'customResources/shop' },
        kind: { apiName: 'kind', type: 'string', values: ['a', 'b'] },
      },
      filters: {
        content: {
          byAmount: { data: '/customResources/transactions/byAmount?amount_parameter=$value&_lineCount=10' },
        },
      },
    });
    expect(r.path).toBe('customResources/transactions');
    expect(r.fields.get('amount')).toEqual({
      name: 'amount',
      type: 'double',
      readOnly: false,
      mandatory: true,
    });
    expect(r.fields.get('owner')?.target).toBe('shop');
    expect(r.fields.get('kind')?.values).toEqual(['a', 'b']);
    expect(r.filters.get('byAmount')?.params).toEqual(['amount_parameter']);
  });
});

describe('loadTenantMetadata errors', () => {
  it('reports missing and unparseable snapshots as diagnostics, not throws', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ferry-meta-'));
    await mkdir(join(dir, 'campaign'));
    await writeFile(join(dir, 'campaign', 'profile.json'), '{ not json');
    const { diagnostics } = await loadTenantMetadata(dir);
    expect(diagnostics.map((x) => x.code)).toEqual(['FERRY190', 'FERRY191']);
    expect(diagnostics[0]?.message).toContain('metadata.xml');
  });
});

describe('fingerprint', () => {
  it('maps fields to types and reports disappeared or retyped fields', async () => {
    const { metadata } = await loadTenantMetadata('tenants/sandbox/metadata');
    const contact = metadata.dynamics.entities.get('contact');
    const profile = metadata.campaign.resources.get('cusVehicle');
    if (!contact || !profile) throw new Error('sandbox snapshot incomplete');
    const fp = fingerprint(contact, ['firstname', 'birthdate', 'nope']);
    expect(fp).toEqual({ birthdate: 'Edm.Date', firstname: 'Edm.String' });
    expect(fingerprint(profile, ['profile', 'year'])).toEqual({ profile: 'link:profile', year: 'long' });
    expect(diffFingerprint(fp, { firstname: 'Edm.Int32', extra: 'Edm.String' })).toEqual([
      { field: 'birthdate', expected: 'Edm.Date' },
      { field: 'firstname', expected: 'Edm.String', actual: 'Edm.Int32' },
    ]);
  });
});
