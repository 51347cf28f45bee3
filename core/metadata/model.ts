// The metadata model the compiler resolves against, built from snapshots in tenants/<t>/metadata/.
export type EdmType =
  | 'Edm.Binary'
  | 'Edm.Boolean'
  | 'Edm.Date'
  | 'Edm.DateTimeOffset'
  | 'Edm.Decimal'
  | 'Edm.Double'
  | 'Edm.Guid'
  | 'Edm.Int16'
  | 'Edm.Int32'
  | 'Edm.Int64'
  | 'Edm.String';

export interface OptionValue {
  readonly value: number;
  readonly label: string;
}

export interface DynamicsAttribute {
  readonly name: string;
  /** Edm type from CSDL; unknown/complex types are kept as their raw name. */
  readonly type: EdmType | string;
  readonly nullable: boolean;
  /** Read-only (computed) in CSDL. */
  readonly computed: boolean;
  /** From EntityDefinitions (StringAttributeMetadata.MaxLength). */
  readonly maxLength?: number;
  /** From EntityDefinitions: Picklist/State/Status/Boolean option sets. */
  readonly options?: readonly OptionValue[];
  /** `None` | `SystemRequired` | `ApplicationRequired` | `Recommended`. */
  readonly requiredLevel?: string;
  /** Attribute metadata type name, e.g. `Picklist`, `String`, `Lookup`, `Boolean`. */
  readonly attributeType?: string;
}

export interface NavigationProperty {
  readonly name: string;
  /** Target entity logical name (without namespace). */
  readonly target: string;
  readonly collection: boolean;
  /** Referential constraint: local lookup column (e.g. `_parentcustomerid_value`) -> target key. */
  readonly constraint?: { readonly property: string; readonly referencedProperty: string };
}

export interface DynamicsEntity {
  readonly logicalName: string;
  /** Entity set name from the EntityContainer (case-sensitive). */
  readonly entitySetName: string;
  readonly primaryKey: string;
  readonly attributes: ReadonlyMap<string, DynamicsAttribute>;
  readonly navigations: ReadonlyMap<string, NavigationProperty>;
  /** Each alternate key is a list of column names. */
  readonly alternateKeys: readonly (readonly string[])[];
  readonly changeTracking: boolean;
  /** Base type logical name, e.g. `activitypointer` for activity tables. */
  readonly baseType?: string;
  /** True once EntityDefinitions were merged: lengths, option sets and required levels are known. */
  readonly attributeDefinitions?: boolean;
}

export interface DynamicsMetadata {
  readonly entities: ReadonlyMap<string, DynamicsEntity>;
  /** Bound actions available per entity set (e.g. `UpsertMultiple`). */
  readonly boundActions: ReadonlyMap<string, readonly string[]>;
}

/** Campaign field types as in resourceType metadata. */
export type CampaignFieldType =
  | 'string'
  | 'boolean'
  | 'byte'
  | 'short'
  | 'long'
  | 'int64'
  | 'float'
  | 'double'
  | 'date'
  | 'datetime'
  | 'time'
  | 'memo'
  | 'uuid'
  | 'link'
  | 'item';

export interface CampaignField {
  readonly name: string;
  readonly type: CampaignFieldType | string;
  readonly length?: number;
  /** Enum values (names) where the field is an enumeration. */
  readonly values?: readonly string[];
  readonly readOnly: boolean;
  readonly mandatory: boolean;
  /** For `link` fields: target resource name. */
  readonly target?: string;
}

export interface CampaignFilter {
  readonly name: string;
  /** Parameter names (`<field>_parameter` for custom filters). */
  readonly params: readonly string[];
  /** Path segment the filter is called by, from its `data` URL (Campaign v8: the "Filter name in REST API"). */
  readonly restName?: string;
}

export interface CampaignResource {
  readonly name: string;
  /** Path below the campaign base URL, e.g. `profileAndServicesExt/profile`, `customResources/foo`. */
  readonly path: string;
  readonly fields: ReadonlyMap<string, CampaignField>;
  readonly filters: ReadonlyMap<string, CampaignFilter>;
  /** Identification keys (field lists). */
  readonly keys: readonly (readonly string[])[];
}

export interface CampaignMetadata {
  readonly resources: ReadonlyMap<string, CampaignResource>;
}

export interface TenantMetadata {
  readonly dynamics: DynamicsMetadata;
  readonly campaign: CampaignMetadata;
}
