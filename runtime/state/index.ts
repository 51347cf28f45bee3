// openStateStore: `sqlite:<path>` (relative to the tenant folder) or `postgres://…`.
import { isAbsolute, resolve } from 'node:path';
import { ConfigError } from '../../core/errors.ts';
import { openPostgresDriver } from './postgres.ts';
import { openSqliteDriver } from './sqlite.ts';
import { SqlStateStore } from './sql-store.ts';
import type { SqlStateStoreOptions } from './sql-store.ts';

export { SqlStateStore } from './sql-store.ts';
export type { Lease } from './leases.ts';
export { MIGRATIONS, migrate } from './migrations.ts';

/** Open (and migrate) the store named by a tenant's `state` setting. */
export async function openStateStore(
  url: string,
  baseDir: string,
  opts: SqlStateStoreOptions = {},
): Promise<SqlStateStore> {
  let store: SqlStateStore;
  if (url.startsWith('sqlite:')) {
    const path = url.slice('sqlite:'.length);
    if (path === '')
      throw new ConfigError(
        'FERRY_STATE_URL',
        'State URL "sqlite:" needs a file path, e.g. sqlite:.state/tenant.db',
      );
    store = new SqlStateStore(
      openSqliteDriver(path === ':memory:' || isAbsolute(path) ? path : resolve(baseDir, path)),
      opts,
    );
  } else if (url.startsWith('postgres://') || url.startsWith('postgresql://')) {
    store = new SqlStateStore(
      openPostgresDriver(
        url,
        opts.idleInTransactionMs !== undefined ? { idleInTransactionMs: opts.idleInTransactionMs } : {},
      ),
      opts,
    );
  } else {
    // Only the scheme is echoed: a postgres URL may carry a password.
    throw new ConfigError(
      'FERRY_STATE_URL',
      `Unsupported state URL scheme "${url.split(':')[0] ?? ''}:" (use sqlite:<path> or postgres://…)`,
    );
  }
  await store.migrate();
  return store;
}
