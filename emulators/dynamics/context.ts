// Shared state handed to every handler.
import type { EntityDef } from './schema/model.ts';
import type { Clock } from '../common/clock.ts';
import type { Store } from './store/store.ts';
import type { UserPrivileges } from './privileges.ts';

export interface EmulatorContext {
  readonly store: Store;
  readonly clock: Clock;
  /** `<org>/api/data/v9.2/` with trailing slash, as used in @odata.context and links. */
  base: string;
  /** `$metadata` bytes; metadata writes splice the new or changed EntityType into it. */
  csdlXml: string;
  /** Raw EntityDefinitions JSON by logical name (entity body with `Attributes`); metadata writes add to it. */
  readonly entityDefinitions: Map<string, Record<string, unknown>>;
  /** Alternate keys created through `POST EntityDefinitions(…)/Keys`, by table logical name. */
  readonly createdKeys: Map<string, CreatedKey[]>;
  /** Emulator-clock delay between a key's creation (`Pending`) and its index being `Active`. */
  readonly keyIndexDelayMs: number;
  /** Change-tracking token lifetime in ms (default 7 days). */
  deltaTokenMaxAgeMs: number;
  readonly maxBatchOperations: number;
  /** `WhoAmI` identity of the org and of its root business unit (stable per tenant). */
  readonly organizationId: string;
  readonly businessUnitId: string;
  /** Security-role privileges RetrieveUserPrivileges reports. */
  readonly privileges: UserPrivileges;
  /** Bound actions per entity set (or logical name), from the metadata. */
  supportsAction(entity: EntityDef, action: string): boolean;
}

/** An alternate key created over the Web API; it joins the table's definition when its index is active. */
export interface CreatedKey {
  readonly metadataId: string;
  readonly schemaName: string;
  readonly logicalName: string;
  readonly displayName: unknown;
  readonly keyAttributes: readonly string[];
  /** Emulator-clock time at which the index job runs. */
  readonly activeAt: number;
  /** EntityKeyIndexStatus: `Pending` until the job ran, then `Active`, or `Failed` when the values repeat. */
  status: 'Pending' | 'Active' | 'Failed';
}

export const API_PREFIX = '/api/data/v9.2/';
