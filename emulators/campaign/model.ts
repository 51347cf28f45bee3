// The emulated Campaign resources, shaped as a `resourceType` metadata document describes them
// (`GET /profileAndServicesExt/resourceType/<resource>`: content, data, filters, keys).

/** One entry of `content`: a field by its `apiName`. */
export interface FieldDef {
  readonly name: string;
  /** `type`: `string`, `boolean`, `byte`, `short`, `long`, `int64`, `float`, `double`, `date`, `datetime`, `memo`, `uuid`, `link`, … */
  readonly type: string;
  /** `length` of string fields. */
  readonly length?: number;
  /** Enumeration value names (`values`). */
  readonly values?: readonly string[];
  readonly readOnly: boolean;
  readonly mandatory: boolean;
  /** `resTarget` of a link field: the target resource name. */
  readonly target?: string;
}

/** One entry of `filters.content`: `data` is `/<path>/<name>?<param>=$value&…`. */
export interface FilterDef {
  readonly name: string;
  readonly params: readonly string[];
  /** `category: 10_custom`: a filter the instance's admin defined (renamed for REST on Campaign v8). */
  readonly custom?: boolean;
}

export interface ResourceDef {
  readonly name: string;
  /** `data` without slashes, e.g. `profileAndServicesExt/profile`, `customResources/cusDealer`. */
  readonly path: string;
  readonly fields: ReadonlyMap<string, FieldDef>;
  readonly filters: ReadonlyMap<string, FilterDef>;
  /** Identification keys (`keys.<k>.fields`). */
  readonly keys: readonly (readonly string[])[];
}

export interface CampaignSchema {
  readonly resources: ReadonlyMap<string, ResourceDef>;
}
