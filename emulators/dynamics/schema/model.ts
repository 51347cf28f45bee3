// The emulated org's schema, shaped as the Web API publishes it: CSDL `$metadata` (EntityType, Property,
// NavigationProperty, EntitySet, bound Action) enriched with `EntityDefinitions` attribute metadata.

/** One `OptionMetadata` of an attribute's `OptionSet` (`Options[]`, or `FalseOption`/`TrueOption`). */
export interface ChoiceOption {
  readonly value: number;
  /** `Label.UserLocalizedLabel.Label` (else the first `LocalizedLabels` entry). */
  readonly label: string;
}

/** One CSDL `<Property>` of an EntityType, with what its `AttributeMetadata` adds. */
export interface AttributeDef {
  /** `Property/@Name`: the column name on the wire (`_<lookup>_value` for lookups). */
  readonly name: string;
  /** `Property/@Type`, e.g. `Edm.String`; kept verbatim for types the emulator does not check. */
  readonly type: string;
  /** `Property/@Nullable` (true unless `"false"`). */
  readonly nullable: boolean;
  /** Read-only: `Org.OData.Core.V1.Computed`, or `Core.V1.Permissions` = `Read`. */
  readonly computed: boolean;
  /** `StringAttributeMetadata.MaxLength` (CSDL has no MaxLength facet). */
  readonly maxLength?: number;
  /** `AttributeMetadata.AttributeType`, e.g. `Picklist`, `Boolean`, `Lookup`, `Customer`. */
  readonly attributeType?: string;
  /** `RequiredLevel.Value`: `None`, `SystemRequired`, `ApplicationRequired` or `Recommended`. */
  readonly requiredLevel?: string;
  /** Picklist/State/Status/Boolean option set. */
  readonly options?: readonly ChoiceOption[];
}

/** One CSDL `<NavigationProperty>`. */
export interface NavigationDef {
  readonly name: string;
  /** Target EntityType name without namespace. */
  readonly target: string;
  /** `Type="Collection(mscrm.x)"`. */
  readonly collection: boolean;
  /** `<ReferentialConstraint Property="_x_value" ReferencedProperty="xid"/>`. */
  readonly constraint?: { readonly property: string; readonly referencedProperty: string };
  /** `@Partner`: the navigation property on the target that leads back (a 1:N link's single-valued side). */
  readonly partner?: string;
}

/** One EntityType (a table), its inherited members folded in, with its EntitySet. */
export interface EntityDef {
  /** `EntityType/@Name` (= `EntityDefinitions.LogicalName`). */
  readonly logicalName: string;
  /** `EntitySet/@Name`, case-sensitive; '' for abstract base types that have no set. */
  readonly entitySetName: string;
  /** `Key/PropertyRef/@Name` (own or inherited). */
  readonly primaryKey: string;
  readonly attributes: ReadonlyMap<string, AttributeDef>;
  readonly navigations: ReadonlyMap<string, NavigationDef>;
  /** `OData.Community.Keys.V1.AlternateKeys`: each key is a list of property names. */
  readonly alternateKeys: readonly (readonly string[])[];
  /** `Org.OData.Capabilities.V1.ChangeTracking` on the EntitySet (or `ChangeTrackingEnabled`). */
  readonly changeTracking: boolean;
  /** `EntityType/@BaseType` without namespace, e.g. `activitypointer`. */
  readonly baseType?: string;
}

export interface OrgSchema {
  readonly entities: ReadonlyMap<string, EntityDef>;
  /** Collection-bound actions (e.g. `UpsertMultiple`) by entity set name. */
  readonly boundActions: ReadonlyMap<string, readonly string[]>;
  /** Unbound `Function`/`Action` names the CSDL declares (e.g. `WhoAmI`); absent in hand-built schemas. */
  readonly unboundOperations?: readonly string[];
}
