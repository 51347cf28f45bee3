// Regenerates tenants/sandbox/metadata/ (run: npx tsx test/metadata/gen-sandbox-snapshots.ts). Output is committed.
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  ACCOUNT,
  ACTIVITY_BASE,
  CONTACT,
  EMAIL_ACTIVITIES,
  NOTE,
  SERVICE_VISIT,
  TASK_EXTRA,
  VEHICLE,
  emailActivityColumns,
  type Col,
  type Kind,
} from './sandbox-columns.ts';
import { CAMPAIGN_RESOURCES } from './sandbox-campaign.ts';
import { DATAVERSE_ACCOUNT, DATAVERSE_CONTACT, withDocumented } from './dataverse-contact-account-columns.ts';

export const SANDBOX_METADATA = join(
  dirname(fileURLToPath(import.meta.url)),
  '../../tenants/sandbox/metadata',
);
const ORG = 'http://127.0.0.1:7401/api/data/v9.2';

const guid = (seed: string): string => {
  const h = createHash('sha1').update(seed).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
};
const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

const EDM: Record<Kind, string> = {
  Uniqueidentifier: 'Edm.Guid',
  String: 'Edm.String',
  Memo: 'Edm.String',
  EntityName: 'Edm.String',
  Picklist: 'Edm.Int32',
  State: 'Edm.Int32',
  Status: 'Edm.Int32',
  Integer: 'Edm.Int32',
  Boolean: 'Edm.Boolean',
  DateTime: 'Edm.DateTimeOffset',
  DateOnly: 'Edm.Date',
  Money: 'Edm.Decimal',
  Decimal: 'Edm.Decimal',
  Double: 'Edm.Double',
  BigInt: 'Edm.Int64',
  Lookup: 'Edm.Guid',
  Customer: 'Edm.Guid',
  Owner: 'Edm.Guid',
};
const isLookup = (c: Col): boolean => c.kind === 'Lookup' || c.kind === 'Customer' || c.kind === 'Owner';
const column = (c: Col): string => (isLookup(c) ? `_${c.name}_value` : c.name);

const property = (c: Col): string => {
  const facets =
    c.kind === 'String' || c.kind === 'Memo' || c.kind === 'EntityName'
      ? ' Unicode="false"'
      : c.kind === 'Money' || c.kind === 'Decimal'
        ? ' Scale="Variable"'
        : c.name === 'versionnumber'
          ? ' ConcurrencyMode="Fixed"'
          : '';
  const ann = [`          <Annotation Term="Org.OData.Core.V1.Description" String="${esc(c.desc)}"/>`];
  // Settable lookups (owner, customer, regarding, custom) are written through @odata.bind, not computed.
  if (c.computed) ann.push('          <Annotation Term="Org.OData.Core.V1.Computed" Bool="true"/>');
  if (c.computed)
    ann.push(
      '          <Annotation Term="Org.OData.Core.V1.Permissions">\n            <EnumMember>Org.OData.Core.V1.PermissionType/Read</EnumMember>\n          </Annotation>',
    );
  return `        <Property Name="${column(c)}" Type="${EDM[c.kind]}"${facets}>\n${ann.join('\n')}\n        </Property>`;
};

const KEYS: Record<string, string> = {
  account: 'accountid',
  contact: 'contactid',
  systemuser: 'systemuserid',
  team: 'teamid',
  principal: 'ownerid',
  ferry_vehicle: 'ferry_vehicleid',
};

const single = (name: string, target: string, partner: string, local: string, ref: string): string =>
  `        <NavigationProperty Name="${name}" Type="mscrm.${target}" Nullable="false" Partner="${partner}">\n          <ReferentialConstraint Property="${local}" ReferencedProperty="${ref}"/>\n        </NavigationProperty>`;
const many = (name: string, target: string, partner: string): string =>
  `        <NavigationProperty Name="${name}" Type="Collection(mscrm.${target})" Partner="${partner}"/>`;

// Single-valued navigations of an entity's own lookups (v9 naming: lookup name, or <lookup>_<target> for polymorphic ones).
const lookupNavs = (entity: string, cols: readonly Col[]): string[] =>
  cols.filter(isLookup).flatMap((c) => {
    if (c.kind === 'Owner')
      return [single('ownerid', 'principal', `owner_${entity}s`, '_ownerid_value', 'ownerid')];
    if (c.name === 'regardingobjectid') return [];
    // A navigation needs its target type in the CSDL; lookups to tables the sandbox lacks (sla, …) stay plain columns.
    const targets = (c.targets ?? []).filter((t) => TABLES.some((x) => x.name === t));
    if (targets.length === 1 && targets[0])
      return [
        single(
          c.name,
          targets[0],
          `ferry_${targets[0]}_${entity}_${c.name.replace(/^ferry_/, '')}`,
          column(c),
          KEYS[targets[0]] ?? `${targets[0]}id`,
        ),
      ];
    return targets.map((t) =>
      single(`${c.name}_${t}`, t, `${entity}_customer_${t}s`, column(c), KEYS[t] ?? `${t}id`),
    );
  });

const altKey = (
  cols: readonly string[],
): string => `        <Annotation Term="OData.Community.Keys.V1.AlternateKeys">
          <Collection>
            <Record Type="OData.Community.Keys.V1.AlternateKey">
              <PropertyValue Property="Key">
                <Collection>
${cols
  .map(
    (c) => `                  <Record Type="OData.Community.Keys.V1.PropertyRef">
                    <PropertyValue Property="Alias" String="${c}"/>
                    <PropertyValue Property="Name" PropertyPath="${c}"/>
                  </Record>`,
  )
  .join('\n')}
                </Collection>
              </PropertyValue>
            </Record>
          </Collection>
        </Annotation>`;

interface TableSpec {
  readonly name: string;
  readonly set: string;
  readonly key: string;
  readonly cols: readonly Col[];
  /** Columns declared on the base type (EntityDefinitions lists them too). */
  readonly inherited?: readonly Col[];
  readonly base?: string;
  readonly abstract?: boolean;
  readonly changeTracking: boolean;
  readonly extraNavs?: readonly string[];
  readonly altKeys?: readonly (readonly string[])[];
  readonly bulk?: boolean;
  readonly description: string;
}

const activity = (name: string, own: readonly Col[], description: string): TableSpec => ({
  name,
  set: `${name}s`,
  key: 'activityid',
  cols: own,
  inherited: ACTIVITY_BASE,
  base: 'activitypointer',
  changeTracking: true,
  bulk: true,
  description,
  altKeys: own.some((c) => c.name === 'ferry_eventid') ? [['ferry_eventid']] : [],
  extraNavs: [
    single(
      `regardingobjectid_contact_${name}`,
      'contact',
      `ferry_contact_${name}s`,
      '_regardingobjectid_value',
      'contactid',
    ),
    single(
      `regardingobjectid_account_${name}`,
      'account',
      `ferry_account_${name}s`,
      '_regardingobjectid_value',
      'accountid',
    ),
  ],
});

const TABLES: TableSpec[] = [
  {
    name: 'principal',
    set: '',
    key: 'ownerid',
    cols: [
      {
        name: 'ownerid',
        kind: 'Uniqueidentifier',
        desc: 'Unique identifier for the Owner: systemuserid or teamid.',
      },
    ],
    abstract: true,
    changeTracking: false,
    description: '',
  },
  {
    name: 'systemuser',
    set: 'systemusers',
    key: 'systemuserid',
    base: 'principal',
    changeTracking: true,
    description:
      'Person with access to the Microsoft CRM system and who owns objects in the Microsoft CRM database.',
    cols: [
      { name: 'systemuserid', kind: 'Uniqueidentifier', desc: 'Unique identifier for the user.' },
      { name: 'fullname', kind: 'String', max: 200, computed: true, desc: 'Full name of the user.' },
      {
        name: 'internalemailaddress',
        kind: 'String',
        max: 100,
        desc: 'Internal email address for the user.',
      },
    ],
  },
  {
    name: 'team',
    set: 'teams',
    key: 'teamid',
    base: 'principal',
    changeTracking: true,
    description: 'Collection of system users that routinely collaborate.',
    cols: [
      { name: 'teamid', kind: 'Uniqueidentifier', desc: 'Unique identifier for the team.' },
      { name: 'name', kind: 'String', max: 160, desc: 'Name of the team.' },
    ],
  },
  {
    name: 'account',
    set: 'accounts',
    key: 'accountid',
    cols: withDocumented(ACCOUNT, DATAVERSE_ACCOUNT),
    changeTracking: true,
    description: 'Business that represents a customer or potential customer.',
    extraNavs: [many('contact_customer_accounts', 'contact', 'parentcustomerid_account')],
  },
  {
    name: 'contact',
    set: 'contacts',
    key: 'contactid',
    cols: withDocumented(CONTACT, DATAVERSE_CONTACT),
    changeTracking: true,
    bulk: true,
    description:
      'Person with whom a business unit has a relationship, such as customer, supplier, and colleague.',
    extraNavs: [
      many('contact_customer_contacts', 'contact', 'parentcustomerid_contact'),
      many('Contact_Tasks', 'task', 'regardingobjectid_contact_task'),
      many('ferry_contact_ferry_vehicle_contactid', 'ferry_vehicle', 'ferry_contactid'),
      many('ferry_contact_ferry_note_contactid', 'ferry_note', 'ferry_contactid'),
      ...Object.keys(EMAIL_ACTIVITIES).map((t) =>
        many(`ferry_contact_${t}s`, t, `regardingobjectid_contact_${t}`),
      ),
    ],
  },
  {
    name: 'activitypointer',
    set: 'activitypointers',
    key: 'activityid',
    cols: ACTIVITY_BASE,
    abstract: true,
    changeTracking: true,
    description:
      'Task performed, or to be performed, by a user. An activity is any action for which an entry can be made on a calendar.',
  },
  activity('task', TASK_EXTRA, 'Generic activity representing work needed to be done.'),
  ...Object.entries(EMAIL_ACTIVITIES).map(([name, a]) =>
    activity(name, emailActivityColumns(a.date, a.extra), a.label),
  ),
  {
    name: 'ferry_vehicle',
    set: 'ferry_vehicles',
    key: 'ferry_vehicleid',
    cols: VEHICLE,
    changeTracking: true,
    description: 'A vehicle owned by a contact.',
    extraNavs: [
      many('ferry_ferry_vehicle_ferry_servicevisit_vehicleid', 'ferry_servicevisit', 'ferry_vehicleid'),
    ],
  },
  {
    name: 'ferry_servicevisit',
    set: 'ferry_servicevisits',
    key: 'ferry_servicevisitid',
    cols: SERVICE_VISIT,
    changeTracking: true,
    description: 'A workshop visit of a vehicle.',
  },
  {
    name: 'ferry_note',
    set: 'ferry_notes',
    key: 'ferry_noteid',
    cols: NOTE,
    changeTracking: false,
    description: 'A free-text note about a contact (change tracking off).',
  },
];

const entityType = (t: TableSpec): string => {
  const head = `      <EntityType Name="${t.name}" BaseType="mscrm.${t.base ?? 'crmbaseentity'}"${t.abstract ? ' Abstract="true"' : ''}>`;
  const parts = [
    head,
    `        <Key>\n          <PropertyRef Name="${t.key}"/>\n        </Key>`,
    ...t.cols.map(property),
    ...lookupNavs(t.name, t.cols),
    ...(t.extraNavs ?? []),
  ];
  for (const k of t.altKeys ?? []) parts.push(altKey(k));
  if (t.description)
    parts.push(`        <Annotation Term="Org.OData.Core.V1.Description" String="${esc(t.description)}"/>`);
  parts.push('      </EntityType>');
  return parts.join('\n');
};

const entitySet = (
  t: TableSpec,
): string => `        <EntitySet Name="${t.set}" EntityType="Microsoft.Dynamics.CRM.${t.name}">
          <Annotation Term="Org.OData.Capabilities.V1.ChangeTracking">
            <Record>
              <PropertyValue Property="Supported" Bool="${t.changeTracking}"/>
            </Record>
          </Annotation>
        </EntitySet>`;

const BULK_TYPES = `      <ComplexType Name="CreateMultipleResponse">
        <Property Name="Ids" Type="Collection(Edm.Guid)" Nullable="false"/>
      </ComplexType>
`;

const bulkActions = (t: TableSpec): string =>
  [
    `      <Action Name="CreateMultiple" IsBound="true">\n        <Parameter Name="entityset" Type="Collection(mscrm.${t.name})" Nullable="false"/>\n        <Parameter Name="Targets" Type="Collection(mscrm.crmbaseentity)" Nullable="false"/>\n        <ReturnType Type="mscrm.CreateMultipleResponse" Nullable="false"/>\n      </Action>`,
    `      <Action Name="UpdateMultiple" IsBound="true">\n        <Parameter Name="entityset" Type="Collection(mscrm.${t.name})" Nullable="false"/>\n        <Parameter Name="Targets" Type="Collection(mscrm.crmbaseentity)" Nullable="false"/>\n      </Action>`,
    `      <Action Name="UpsertMultiple" IsBound="true">\n        <Parameter Name="entityset" Type="Collection(mscrm.${t.name})" Nullable="false"/>\n        <Parameter Name="Targets" Type="Collection(mscrm.crmbaseentity)" Nullable="false"/>\n      </Action>`,
  ].join('\n');

/** `bulk: false` is an org from before CreateMultiple/UpdateMultiple/UpsertMultiple (the sandbox-classic tenant). */
const csdl = (bulk: boolean): string =>
  `\ufeff<?xml version="1.0" encoding="UTF-8"?>
<edmx:Edmx Version="4.0" xmlns:edmx="http://docs.oasis-open.org/odata/ns/edmx">
  <edmx:Reference Uri="http://vocabularies.odata.org/OData.Community.Keys.V1.xml">
    <edmx:Include Namespace="OData.Community.Keys.V1" Alias="Keys"/>
    <edmx:IncludeAnnotations TermNamespace="OData.Community.Keys.V1"/>
  </edmx:Reference>
  <edmx:Reference Uri="http://vocabularies.odata.org/OData.Community.Display.V1.xml">
    <edmx:Include Namespace="OData.Community.Display.V1" Alias="Display"/>
    <edmx:IncludeAnnotations TermNamespace="OData.Community.Display.V1"/>
  </edmx:Reference>
  <edmx:DataServices>
    <Schema Namespace="Microsoft.Dynamics.CRM" Alias="mscrm" xmlns="http://docs.oasis-open.org/odata/ns/edm">
      <EntityType Name="crmbaseentity" Abstract="true"/>
${TABLES.map(entityType).join('\n')}
${bulk ? BULK_TYPES : ''}${TABLES.filter((t) => bulk && t.bulk)
    .map((t) => `${bulkActions(t)}\n`)
    .join('')}      <EntityContainer Name="System">
${TABLES.filter((t) => t.set)
  .map(entitySet)
  .join('\n')}
      </EntityContainer>
    </Schema>
  </DataServices>
</edmx:Edmx>
`.replace('</DataServices>', '</edmx:DataServices>');

const METADATA_TYPE: Record<Kind, string> = {
  Uniqueidentifier: 'UniqueIdentifierAttributeMetadata',
  String: 'StringAttributeMetadata',
  Memo: 'MemoAttributeMetadata',
  EntityName: 'EntityNameAttributeMetadata',
  Picklist: 'PicklistAttributeMetadata',
  State: 'StateAttributeMetadata',
  Status: 'StatusAttributeMetadata',
  Integer: 'IntegerAttributeMetadata',
  Boolean: 'BooleanAttributeMetadata',
  DateTime: 'DateTimeAttributeMetadata',
  DateOnly: 'DateTimeAttributeMetadata',
  Money: 'MoneyAttributeMetadata',
  Decimal: 'DecimalAttributeMetadata',
  Double: 'DoubleAttributeMetadata',
  BigInt: 'BigIntAttributeMetadata',
  Lookup: 'LookupAttributeMetadata',
  Customer: 'LookupAttributeMetadata',
  Owner: 'LookupAttributeMetadata',
};
const lbl = (text: string) => {
  const l = {
    Label: text,
    LanguageCode: 1033,
    IsManaged: true,
    MetadataId: guid(`label:${text}`),
    HasChanged: null,
  };
  return { LocalizedLabels: [l], UserLocalizedLabel: l };
};

const attributeMetadata = (entity: string, c: Col): Record<string, unknown> => {
  const a: Record<string, unknown> = {
    '@odata.type': `#Microsoft.Dynamics.CRM.${METADATA_TYPE[c.kind]}`,
    LogicalName: c.name,
    SchemaName: c.name,
    AttributeType: c.kind === 'DateOnly' ? 'DateTime' : c.kind,
    MetadataId: guid(`${entity}.${c.name}`),
    IsCustomAttribute: c.name.startsWith('ferry_'),
    RequiredLevel: {
      Value: c.req ?? 'None',
      CanBeChanged: c.req !== 'SystemRequired',
      ManagedPropertyLogicalName: 'canmodifyrequirementlevelsettings',
    },
  };
  if (c.max !== undefined) a.MaxLength = c.max;
  if (c.kind === 'String')
    a.Format =
      c.format ??
      (c.name.startsWith('emailaddress')
        ? 'Email'
        : c.name.endsWith('url')
          ? 'Url'
          : c.name.startsWith('telephone') || c.name === 'mobilephone' || c.name === 'fax'
            ? 'Phone'
            : 'Text');
  if (c.kind === 'DateTime' || c.kind === 'DateOnly')
    a.Format = c.kind === 'DateOnly' ? 'DateOnly' : 'DateAndTime';
  if (c.targets) a.Targets = c.targets;
  if (c.options) {
    a.OptionSet = {
      Name: `${entity}_${c.name}`,
      IsGlobal: false,
      OptionSetType: c.kind,
      Options: c.options.map(([value, text]) => ({ Value: value, Label: lbl(text), Description: lbl('') })),
    };
    a.GlobalOptionSet = null;
  }
  if (c.bool) {
    a.OptionSet = {
      Name: `${entity}_${c.name}`,
      IsGlobal: false,
      OptionSetType: 'Boolean',
      FalseOption: { Value: 0, Label: lbl(c.bool[0]) },
      TrueOption: { Value: 1, Label: lbl(c.bool[1]) },
    };
    a.DefaultValue = false;
  }
  return a;
};

const entityDefinition = (t: TableSpec): Record<string, unknown> => ({
  '@odata.context': `${ORG}/$metadata#EntityDefinitions(LogicalName,EntitySetName,ChangeTrackingEnabled,Attributes())/$entity`,
  LogicalName: t.name,
  EntitySetName: t.set,
  ChangeTrackingEnabled: t.changeTracking,
  MetadataId: guid(`entity:${t.name}`),
  Attributes: [...(t.inherited ?? []), ...t.cols].map((c) => attributeMetadata(t.name, c)),
});

export const CLASSIC_METADATA = join(SANDBOX_METADATA, '../../sandbox-classic/metadata');

/** Writes the snapshot files under `out` (`bulk: false`: the sandbox-classic copy); returns their paths relative to it. */
export function generateSnapshots(out: string, bulk = true): string[] {
  const files: string[] = [];
  const write = (rel: string, text: string): void => {
    const file = join(out, rel);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, text);
    files.push(rel);
  };
  write('dynamics/metadata.xml', csdl(bulk));
  for (const t of TABLES.filter((x) => x.set && !x.abstract))
    write(`dynamics/entities/${t.name}.json`, `${JSON.stringify(entityDefinition(t), null, 2)}\n`);
  for (const [name, body] of Object.entries(CAMPAIGN_RESOURCES))
    write(`campaign/${name}.json`, `${JSON.stringify(body, null, 2)}\n`);
  return files;
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  generateSnapshots(process.argv[2] ?? SANDBOX_METADATA);
  generateSnapshots(process.argv[3] ?? CLASSIC_METADATA, false);
  console.log(`wrote ${process.argv[2] ?? SANDBOX_METADATA} and ${process.argv[3] ?? CLASSIC_METADATA}`);
}
