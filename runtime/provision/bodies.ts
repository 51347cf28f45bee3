// Request bodies of the Web API metadata writes ("Create and update table/column definitions using the Web API",
// EntityKeyMetadata): one builder per thing provision creates, and a one-line summary of each for --dry-run.
import type { ColumnNeed, KeyNeed, TableNeed } from './needs.ts';

export type Json = Record<string, unknown>;

const NS = 'Microsoft.Dynamics.CRM.';
const label = (text: string): Json => ({
  '@odata.type': `${NS}Label`,
  LocalizedLabels: [{ '@odata.type': `${NS}LocalizedLabel`, Label: text, LanguageCode: 1033 }],
});
const required = (level: string): Json => ({
  Value: level,
  CanBeChanged: true,
  ManagedPropertyLogicalName: 'canmodifyrequirementlevelsettings',
});
/** `ferry_campaignname` -> `Campaignname`: the display name the maker portal would start from. */
const display = (logical: string) => {
  const w = logical.replace(/^[a-z0-9]+_/, '');
  return w.charAt(0).toUpperCase() + w.slice(1);
};

/** The typed AttributeMetadata body of one column. */
export function columnBody(c: ColumnNeed): Json {
  const common = {
    SchemaName: c.name,
    DisplayName: label(display(c.name)),
    Description: label(`Written by ferry (${c.why}).`),
    RequiredLevel: required(c.required ? 'ApplicationRequired' : 'None'),
  };
  switch (c.kind) {
    case 'String':
      return {
        '@odata.type': `${NS}StringAttributeMetadata`,
        AttributeType: 'String',
        AttributeTypeName: { Value: 'StringType' },
        ...common,
        MaxLength: c.maxLength ?? 100,
        FormatName: { Value: 'Text' },
      };
    case 'DateTime':
      return {
        '@odata.type': `${NS}DateTimeAttributeMetadata`,
        AttributeType: 'DateTime',
        AttributeTypeName: { Value: 'DateTimeType' },
        ...common,
        Format: 'DateAndTime',
        DateTimeBehavior: { Value: 'UserLocal' },
      };
    case 'Integer':
      return {
        '@odata.type': `${NS}IntegerAttributeMetadata`,
        AttributeType: 'Integer',
        AttributeTypeName: { Value: 'IntegerType' },
        ...common,
        Format: 'None',
        MinValue: -2147483648,
        MaxValue: 2147483647,
      };
    case 'Double':
      return {
        '@odata.type': `${NS}DoubleAttributeMetadata`,
        AttributeType: 'Double',
        AttributeTypeName: { Value: 'DoubleType' },
        ...common,
        Precision: 5,
        MinValue: -100000000000,
        MaxValue: 100000000000,
      };
    case 'Boolean':
      return {
        '@odata.type': `${NS}BooleanAttributeMetadata`,
        AttributeType: 'Boolean',
        AttributeTypeName: { Value: 'BooleanType' },
        ...common,
        DefaultValue: false,
        OptionSet: {
          TrueOption: { Value: 1, Label: label('Yes') },
          FalseOption: { Value: 0, Label: label('No') },
          OptionSetType: 'Boolean',
        },
      };
  }
}

/** EntityMetadata of a new activity table with its columns (Subject is an activity's primary name). */
export function tableBody(t: TableNeed): Json {
  const primary = {
    ...columnBody({ name: 'Subject', kind: 'String', maxLength: 200, why: 'activity subject' }),
    DisplayName: label('Subject'),
    IsPrimaryName: true,
  };
  return {
    '@odata.type': `${NS}EntityMetadata`,
    SchemaName: t.logicalName,
    DisplayName: label(t.displayName),
    DisplayCollectionName: label(`${t.displayName}s`),
    Description: label('Campaign email events written by ferry.'),
    OwnershipType: 'UserOwned',
    IsActivity: t.activity,
    HasActivities: false,
    HasNotes: false,
    Attributes: [primary, ...t.columns.map(columnBody)],
  };
}

/** EntityKeyMetadata of an alternate key. */
export function keyBody(k: KeyNeed): Json {
  return {
    SchemaName: k.schemaName,
    DisplayName: label(`Key ${k.columns.join(', ')}`),
    KeyAttributes: [...k.columns],
  };
}

/** `ferry_eventid text(100, required)`: a column as --dry-run shows it. */
export function columnSummary(c: ColumnNeed): string {
  const kind =
    c.kind === 'String'
      ? `text(${c.maxLength ?? 100}${c.required ? ', required' : ''})`
      : c.kind.toLowerCase();
  return `${c.name} ${kind}`;
}
