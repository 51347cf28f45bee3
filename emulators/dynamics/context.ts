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
  readonly csdlXml: string;
  /** Raw EntityDefinitions JSON by logical name (entity body with `Attributes`). */
  readonly entityDefinitions: ReadonlyMap<string, Record<string, unknown>>;
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

export const API_PREFIX = '/api/data/v9.2/';
