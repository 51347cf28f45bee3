// Where a tenant's state lives when its file names none; a module of its own so the CLI can tell without loading the runtime.
import type { TenantFile } from '../../core/model/tenant.ts';

export const defaultStateUrl = (tenant: TenantFile): string =>
  tenant.state ?? `sqlite:.state/${tenant.name}.db`;
