// The emulators read the tenant snapshot files themselves (CSDL, EntityDefinitions, resourceType documents).
import { describe, expect, it } from 'vitest';
import { loadCampaignSnapshot } from '../../emulators/campaign/snapshot.ts';
import { readResourceType } from '../../emulators/campaign/resource-type.ts';
import { loadDynamicsSnapshot } from '../../emulators/dynamics/snapshot.ts';
import { readCsdl } from '../../emulators/dynamics/schema/csdl.ts';
import { applyEntityDefinitions } from '../../emulators/dynamics/schema/entity-definitions.ts';

const DIR = 'tenants/sandbox/metadata';

const edmx = (schema: string): string =>
  `<?xml version="1.0" encoding="utf-8"?><edmx:Edmx Version="4.0" xmlns:edmx="http://docs.oasis-open.org/odata/ns/edmx"><edmx:DataServices><Schema Namespace="Microsoft.Dynamics.CRM" Alias="mscrm" xmlns="http://docs.oasis-open.org/odata/ns/edm">${schema}</Schema></edmx:DataServices></edmx:Edmx>`;

const CSDL = edmx(`
<EntityType Name="crmbaseentity" Abstract="true"/>
<EntityType Name="activitypointer" BaseType="mscrm.crmbaseentity"><Key><PropertyRef Name="activityid"/></Key>
  <Property Name="activityid" Type="Edm.Guid"/>
  <Property Name="versionnumber" Type="Edm.Int64"><Annotation Term="Org.OData.Core.V1.Permissions"><EnumMember>Org.OData.Core.V1.PermissionType/Read</EnumMember></Annotation></Property>
</EntityType>
<EntityType Name="task" BaseType="mscrm.activitypointer">
  <Property Name="subject" Type="Edm.String" Nullable="false"/>
  <Property Name="createdon" Type="Edm.DateTimeOffset"><Annotation Term="Org.OData.Core.V1.Computed" Bool="true"/></Property>
  <Property Name="notes" Type="Edm.String"><Annotation Term="Org.OData.Core.V1.Computed" Bool="false"/></Property>
  <Property Name="_regardingobjectid_value" Type="Edm.Guid"/>
  <NavigationProperty Name="regardingobjectid_contact" Type="mscrm.contact"><ReferentialConstraint Property="_regardingobjectid_value" ReferencedProperty="contactid"/></NavigationProperty>
  <NavigationProperty Name="task_notes" Type="Collection(mscrm.annotation)"/>
  <Annotation Term="OData.Community.Keys.V1.AlternateKeys"><Collection><Record Type="OData.Community.Keys.V1.AlternateKey"><PropertyValue Property="Key"><Collection><Record Type="OData.Community.Keys.V1.PropertyRef"><PropertyValue Property="Alias" String="subject"/><PropertyValue Property="Name" PropertyPath="subject"/></Record></Collection></PropertyValue></Record></Collection></Annotation>
</EntityType>
<Action Name="UpsertMultiple" IsBound="true"><Parameter Name="entityset" Type="Collection(mscrm.task)"/></Action>
<Action Name="Close" IsBound="true"><Parameter Name="entity" Type="mscrm.task"/></Action>
<EntityContainer Name="System">
  <EntitySet Name="tasks" EntityType="Microsoft.Dynamics.CRM.task"><Annotation Term="Org.OData.Capabilities.V1.ChangeTracking"><Record><PropertyValue Property="Supported" Bool="true"/></Record></Annotation></EntitySet>
  <EntitySet Name="activitypointers" EntityType="Microsoft.Dynamics.CRM.activitypointer"><Annotation Term="Org.OData.Capabilities.V1.ChangeTracking"><Record><PropertyValue Property="Supported" Bool="false"/></Record></Annotation></EntitySet>
</EntityContainer>`);

describe('CSDL reader', () => {
  const schema = readCsdl(CSDL);
  const task = schema.entities.get('task');

  it('folds base types in: key and columns are inherited, the set and its change tracking are per type', () => {
    expect(task).toMatchObject({
      entitySetName: 'tasks',
      primaryKey: 'activityid',
      baseType: 'activitypointer',
    });
    expect([...(task?.attributes.keys() ?? [])].slice(0, 3)).toEqual([
      'activityid',
      'versionnumber',
      'subject',
    ]);
    expect(task?.changeTracking).toBe(true);
    expect(schema.entities.get('activitypointer')?.changeTracking).toBe(false);
    expect(schema.entities.get('crmbaseentity')?.entitySetName).toBe('');
  });

  it('reads read-only columns from Computed and from Permissions/Read, and Nullable', () => {
    const a = task?.attributes;
    expect(a?.get('versionnumber')?.computed).toBe(true);
    expect(a?.get('createdon')?.computed).toBe(true);
    expect(a?.get('notes')?.computed).toBe(false);
    expect(a?.get('subject')).toEqual({
      name: 'subject',
      type: 'Edm.String',
      nullable: false,
      computed: false,
    });
  });

  it('reads navigation properties, alternate keys and collection-bound actions only', () => {
    expect(task?.navigations.get('regardingobjectid_contact')).toEqual({
      name: 'regardingobjectid_contact',
      target: 'contact',
      collection: false,
      constraint: { property: '_regardingobjectid_value', referencedProperty: 'contactid' },
    });
    expect(task?.navigations.get('task_notes')).toMatchObject({ target: 'annotation', collection: true });
    expect(task?.alternateKeys).toEqual([['subject']]);
    expect(schema.boundActions).toEqual(new Map([['tasks', ['UpsertMultiple']]]));
  });

  it('takes lengths, option sets and tracking from EntityDefinitions (lookups by their _x_value column)', () => {
    const merged = applyEntityDefinitions(
      schema,
      new Map([
        [
          'task',
          {
            ChangeTrackingEnabled: false,
            value: [
              {
                '@odata.type': '#Microsoft.Dynamics.CRM.StringAttributeMetadata',
                LogicalName: 'subject',
                MaxLength: 200,
              },
              { LogicalName: 'regardingobjectid', AttributeType: 'Lookup' },
              {
                LogicalName: 'notes',
                OptionSet: {
                  FalseOption: { Value: 0, Label: { LocalizedLabels: [{ Label: 'No' }] } },
                  TrueOption: { Value: 1, Label: { UserLocalizedLabel: { Label: 'Yes' } } },
                },
              },
              { LogicalName: 'notacolumn', MaxLength: 5 },
            ],
          },
        ],
      ]),
    );
    const t = merged.entities.get('task');
    expect(t?.changeTracking).toBe(false);
    expect(t?.attributes.get('subject')).toMatchObject({ maxLength: 200, attributeType: 'String' });
    expect(t?.attributes.get('_regardingobjectid_value')?.attributeType).toBe('Lookup');
    expect(t?.attributes.get('notes')?.options).toEqual([
      { value: 0, label: 'No' },
      { value: 1, label: 'Yes' },
    ]);
    expect(t?.attributes.has('notacolumn')).toBe(false);
  });

  it('reads the sandbox snapshot files', async () => {
    const snap = await loadDynamicsSnapshot(DIR);
    const contact = snap.metadata.entities.get('contact');
    expect(contact).toMatchObject({
      entitySetName: 'contacts',
      primaryKey: 'contactid',
      changeTracking: true,
    });
    expect(contact?.attributes.get('gendercode')?.options).toEqual([
      { value: 1, label: 'Male' },
      { value: 2, label: 'Female' },
    ]);
    // A settable lookup: written through its navigation property, not computed.
    expect(contact?.attributes.get('_parentcustomerid_value')).toMatchObject({
      attributeType: 'Customer',
      computed: false,
    });
    expect(snap.metadata.boundActions.get('contacts')).toContain('UpsertMultiple');
    expect(snap.entityDefinitions.has('contact')).toBe(true);
  });
});

describe('resourceType reader', () => {
  it('reads fields, enumerations, links, filters and keys', () => {
    const r = readResourceType(
      {
        name: 'cusCar',
        data: '/profileAndServicesExt/cusCar/',
        content: {
          vin: { apiName: 'vin', type: 'string', length: 17, mandatory: true },
          fuel: { apiName: 'fuel', type: 'byte', values: [{ name: 'petrol', value: 0 }, 'diesel'] },
          owner: {
            apiName: 'owner',
            type: 'item',
            resType: 'link',
            resTarget: 'profileAndServicesExt/profile',
          },
          age: { apiName: 'age', type: 'long', readOnly: true },
        },
        filters: {
          content: {
            byVin: { data: '/profileAndServicesExt/cusCar/byVin?vin_parameter=$value&_lineCount=5' },
          },
        },
        keys: { key0: { fields: ['vin'] } },
      },
      'ignored',
    );
    expect(r.name).toBe('cusCar');
    expect(r.path).toBe('profileAndServicesExt/cusCar');
    expect(r.fields.get('vin')).toEqual({
      name: 'vin',
      type: 'string',
      length: 17,
      readOnly: false,
      mandatory: true,
    });
    expect(r.fields.get('fuel')?.values).toEqual(['petrol', 'diesel']);
    expect(r.fields.get('owner')).toMatchObject({ type: 'link', target: 'profile' });
    expect(r.fields.get('age')?.readOnly).toBe(true);
    expect(r.filters.get('byVin')?.params).toEqual(['vin_parameter']);
    expect(r.keys).toEqual([['vin']]);
    expect(readResourceType({}, 'cusBare').path).toBe('profileAndServicesExt/cusBare');
  });

  it('reads the sandbox snapshot files and keeps the raw documents to serve', async () => {
    const snap = await loadCampaignSnapshot(DIR);
    expect([...snap.metadata.resources.keys()]).toEqual(['cusServiceVisit', 'cusVehicle', 'profile']);
    expect(snap.metadata.resources.get('cusVehicle')?.filters.get('byCrmId')?.params).toEqual([
      'crmId_parameter',
    ]);
    expect(snap.resourceTypes.get('profile')).toMatchObject({ name: 'profile' });
  });
});
