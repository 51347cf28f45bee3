// Turns posted EntityMetadata / AttributeMetadata bodies (Web API "create table/column definitions") into the
// emulator's schema: the table or column Dataverse would create, with the defaults it fills in.
import { asObject, asString } from '../../common/json.ts';
import { ApiError } from '../api.ts';
import type { AttributeDef, ChoiceOption, EntityDef, NavigationDef } from '../schema/model.ts';

type Json = Record<string, unknown>;

/** AttributeMetadata casts the emulator creates: Edm type, AttributeType, default MaxLength. */
const COLUMN_TYPES: Readonly<Record<string, { edm: string; type: string; maxLength?: number }>> = {
  StringAttributeMetadata: { edm: 'Edm.String', type: 'String', maxLength: 100 },
  MemoAttributeMetadata: { edm: 'Edm.String', type: 'Memo', maxLength: 2000 },
  IntegerAttributeMetadata: { edm: 'Edm.Int32', type: 'Integer' },
  BigIntAttributeMetadata: { edm: 'Edm.Int64', type: 'BigInt' },
  DecimalAttributeMetadata: { edm: 'Edm.Decimal', type: 'Decimal' },
  DoubleAttributeMetadata: { edm: 'Edm.Double', type: 'Double' },
  MoneyAttributeMetadata: { edm: 'Edm.Decimal', type: 'Money' },
  DateTimeAttributeMetadata: { edm: 'Edm.DateTimeOffset', type: 'DateTime' },
  BooleanAttributeMetadata: { edm: 'Edm.Boolean', type: 'Boolean' },
  PicklistAttributeMetadata: { edm: 'Edm.Int32', type: 'Picklist' },
};

// Live wording of these refusals is not recorded in the reference (inference); the status is the documented 400.
const bad = (message: string) => new ApiError(400, '0x80040203', message);

/** `Microsoft.Dynamics.CRM.StringAttributeMetadata` or `#…` -> `StringAttributeMetadata`. */
export const castName = (json: Json): string =>
  (asString(json['@odata.type']) ?? '').replace(/^#?Microsoft\.Dynamics\.CRM\./, '');

/** The logical name Dataverse derives from a SchemaName (lower case); custom names need a publisher prefix. */
export function logicalNameOf(json: Json, what: string, prefixed = true): string {
  const schema = asString(json['SchemaName']);
  if (!schema) throw bad(`The ${what} definition has no SchemaName.`);
  if (prefixed && !/^[A-Za-z][A-Za-z0-9]*_[A-Za-z0-9_]+$/.test(schema))
    throw bad(`'${schema}' is not a valid SchemaName: it needs a customization prefix, e.g. new_${schema}.`);
  return schema.toLowerCase();
}

const label = (v: unknown): string => {
  const l = asObject(v);
  const first = Array.isArray(l?.['LocalizedLabels']) ? asObject(l['LocalizedLabels'][0]) : undefined;
  return asString(first?.['Label']) ?? '';
};

function optionsOf(cast: string, json: Json): ChoiceOption[] | undefined {
  const set = asObject(json['OptionSet']);
  const opt = (o: unknown): ChoiceOption[] => {
    const x = asObject(o);
    return typeof x?.['Value'] === 'number' ? [{ value: x['Value'], label: label(x['Label']) }] : [];
  };
  if (cast === 'BooleanAttributeMetadata')
    return [...opt(set?.['FalseOption'] ?? { Value: 0 }), ...opt(set?.['TrueOption'] ?? { Value: 1 })];
  if (cast === 'PicklistAttributeMetadata')
    return Array.isArray(set?.['Options']) ? set['Options'].flatMap(opt) : [];
  return undefined;
}

/** The column a posted AttributeMetadata creates, and its definition as EntityDefinitions serves it. */
export function columnFrom(
  json: Json,
  metadataId: string,
  prefixed = true,
): { def: AttributeDef; body: Json } {
  const cast = castName(json);
  const spec = COLUMN_TYPES[cast];
  if (!spec)
    throw new ApiError(
      501,
      '',
      `The ferry Dataverse emulator does not implement creating a ${cast || 'column without @odata.type'}.`,
    );
  const name = logicalNameOf(json, 'column', prefixed);
  const given = json['MaxLength'];
  const maxLength = typeof given === 'number' ? given : spec.maxLength;
  const options = optionsOf(cast, json);
  const requiredLevel = asString(asObject(json['RequiredLevel'])?.['Value']) ?? 'None';
  const def: AttributeDef = {
    name,
    type: spec.edm,
    nullable: true,
    computed: false,
    attributeType: spec.type,
    requiredLevel,
    ...(maxLength === undefined ? {} : { maxLength }),
    ...(options ? { options } : {}),
  };
  const { '@odata.type': _t, ...rest } = json;
  const body: Json = {
    '@odata.type': `#Microsoft.Dynamics.CRM.${cast}`,
    ...rest,
    LogicalName: name,
    MetadataId: metadataId,
    AttributeType: spec.type,
    IsCustomAttribute: true,
    RequiredLevel: {
      Value: requiredLevel,
      CanBeChanged: true,
      ManagedPropertyLogicalName: 'canmodifyrequirementlevelsettings',
    },
    ...(maxLength === undefined ? {} : { MaxLength: maxLength }),
  };
  return { def, body };
}

const sys = (name: string, type: string, computed: boolean, attributeType: string): AttributeDef => ({
  name,
  type,
  nullable: true,
  computed,
  attributeType,
});

/** Entity set name Dataverse derives for a new table (its logical name in the plural). */
export const entitySetOf = (logical: string): string =>
  /(s|x|z|ch|sh)$/.test(logical) ? `${logical}es` : `${logical}s`;

/** Columns every new standard table has besides its primary name (a subset of the system columns). */
function standardColumns(logical: string, userOwned: boolean): AttributeDef[] {
  const state = [
    { value: 0, label: 'Active' },
    { value: 1, label: 'Inactive' },
  ];
  return [
    sys(`${logical}id`, 'Edm.Guid', false, 'Uniqueidentifier'),
    sys('createdon', 'Edm.DateTimeOffset', true, 'DateTime'),
    sys('modifiedon', 'Edm.DateTimeOffset', true, 'DateTime'),
    sys('versionnumber', 'Edm.Int64', true, 'BigInt'),
    { ...sys('statecode', 'Edm.Int32', false, 'State'), options: state },
    {
      ...sys('statuscode', 'Edm.Int32', false, 'Status'),
      options: [
        { value: 1, label: 'Active' },
        { value: 2, label: 'Inactive' },
      ],
    },
    // Lookups are plain columns, not computed ones: Dataverse sets them from @odata.bind on write.
    ...(userOwned ? [sys('_ownerid_value', 'Edm.Guid', false, 'Owner')] : []),
  ];
}

export interface NewTable {
  readonly entity: EntityDef;
  /** Posted columns with their EntityDefinitions bodies (the primary name among them). */
  readonly columns: readonly { def: AttributeDef; body: Json }[];
}

/**
 * The table a posted EntityMetadata creates. An activity (`IsActivity`) derives from `activitypointer` and can
 * be regarding every table in `regardingTargets`; its primary name column is `subject`.
 */
export function tableFrom(
  json: Json,
  ids: (what: string) => string,
  activityBase: EntityDef | undefined,
  regardingTargets: readonly EntityDef[],
): NewTable {
  const logical = logicalNameOf(json, 'table');
  const ownership = asString(json['OwnershipType']);
  if (ownership !== 'UserOwned' && ownership !== 'OrganizationOwned')
    throw bad(`OwnershipType must be UserOwned or OrganizationOwned for table ${logical}.`);
  const list = Array.isArray(json['Attributes']) ? json['Attributes'].map((a) => asObject(a) ?? {}) : [];
  const primary = list.filter((a) => a['IsPrimaryName'] === true);
  if (primary.length !== 1 || castName(primary[0] ?? {}) !== 'StringAttributeMetadata')
    throw bad(`Table ${logical} needs exactly one StringAttributeMetadata with IsPrimaryName true.`);
  const isActivity = json['IsActivity'] === true;
  // An activity's primary name is the system column Subject (no prefix).
  const columns = list.map((a) =>
    columnFrom(a, ids(`${logical}.${String(a['SchemaName'])}`), !(isActivity && a['IsPrimaryName'] === true)),
  );
  const primaryName = columns[list.indexOf(primary[0] ?? {})]?.def.name ?? '';
  if (isActivity && primaryName !== 'subject')
    throw bad(`The primary name column of activity table ${logical} must be Subject.`);
  if (isActivity && !activityBase)
    throw new ApiError(
      501,
      '',
      'The ferry Dataverse emulator cannot create an activity table: its schema has no activitypointer.',
    );
  const attributes = new Map<string, AttributeDef>();
  const base = isActivity
    ? [...(activityBase?.attributes.values() ?? [])]
    : standardColumns(logical, ownership === 'UserOwned');
  for (const a of base) attributes.set(a.name, a);
  for (const c of columns) if (!attributes.has(c.def.name)) attributes.set(c.def.name, c.def);
  const navigations = new Map<string, NavigationDef>(
    activityBase && isActivity ? activityBase.navigations : [],
  );
  if (isActivity)
    for (const t of regardingTargets) {
      const name = `regardingobjectid_${t.logicalName}_${logical}`;
      navigations.set(name, {
        name,
        target: t.logicalName,
        collection: false,
        constraint: { property: '_regardingobjectid_value', referencedProperty: t.primaryKey },
      });
    }
  const entity: EntityDef = {
    logicalName: logical,
    entitySetName: entitySetOf(logical),
    primaryKey: isActivity ? (activityBase?.primaryKey ?? 'activityid') : `${logical}id`,
    attributes,
    navigations,
    alternateKeys: [],
    changeTracking: json['ChangeTrackingEnabled'] === true,
    ...(isActivity ? { baseType: 'activitypointer' } : {}),
  };
  return { entity, columns };
}
