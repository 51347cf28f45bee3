// better-sqlite3 driver: one file per tenant, WAL, cached prepared statements.
import { AsyncLocalStorage } from 'node:async_hooks';
import Database from 'better-sqlite3';
import type { Statement } from 'better-sqlite3';
import { StateError } from '../../core/errors.ts';
import type { Row, SqlDriver, SqlValue } from './driver.ts';
import { prepareStateFile } from './file-modes.ts';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const isBusy = (err: unknown): boolean => {
  const code = (err as { code?: string }).code ?? '';
  return code === 'SQLITE_BUSY' || code.startsWith('SQLITE_BUSY_') || code === 'SQLITE_LOCKED';
};

/** WAL pages (4 KiB each) between automatic checkpoints; SQLite's default is 1000. */
export const WAL_CHECKPOINT_PAGES = 10_000;

export function openSqliteDriver(file: string, opts: { busyTimeoutMs?: number } = {}): SqlDriver {
  if (file !== ':memory:') prepareStateFile(file);
  const busyTimeoutMs = opts.busyTimeoutMs ?? 5000;
  // SQLite's own busy handler would block the event loop (better-sqlite3 is synchronous) and starve the
  // lock holder when it lives in this same process; we wait asynchronously instead (withBusyRetry).
  const db = new Database(file, { timeout: 0 });
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  // Checkpoint (and fsync) every ~40 MB of WAL instead of every 4 MB: a page of events dirties hundreds of
  // ledger pages (random GUID keys), so the default checkpointed after nearly every commit.
  db.pragma(`wal_autocheckpoint = ${WAL_CHECKPOINT_PAGES}`);
  db.pragma('foreign_keys = ON');
  const cache = new Map<string, Statement>();
  const prepare = (sql: string): Statement => {
    let s = cache.get(sql);
    if (!s) {
      s = db.prepare(sql);
      cache.set(sql, s);
    }
    return s;
  };

  const withBusyRetry = async <T>(fn: () => T): Promise<T> => {
    const deadline = Date.now() + busyTimeoutMs;
    for (let wait = 2; ; wait = Math.min(wait * 2, 50)) {
      try {
        return fn();
      } catch (err) {
        if (!isBusy(err)) throw err;
        if (Date.now() >= deadline) {
          throw new StateError('FERRY_STATE_BUSY', `SQLite database stayed locked for ${busyTimeoutMs} ms`, {
            cause: err,
            details: { file },
          });
        }
        await sleep(wait);
      }
    }
  };

  const inTx = new AsyncLocalStorage<true>();
  // One connection: transactions are serialised so two async callers never interleave inside BEGIN..COMMIT.
  let queue: Promise<unknown> = Promise.resolve();
  const serial = <T>(fn: () => Promise<T>): Promise<T> => {
    const p = queue.then(fn, fn);
    queue = p.catch(() => undefined);
    return p;
  };
  // Inside a transaction we hold the write lock; outside, a write queues behind open transactions.
  const write = <T>(fn: () => T): Promise<T> =>
    inTx.getStore() ? Promise.resolve(fn()) : serial(() => withBusyRetry(fn));

  return {
    dialect: 'sqlite',
    all(sql: string, params: readonly SqlValue[] = []): Promise<Row[]> {
      return withBusyRetry(() => prepare(sql).all(...params) as Row[]);
    },
    run(sql: string, params: readonly SqlValue[] = []): Promise<number> {
      return write(() => prepare(sql).run(...params).changes);
    },
    runEach(sql: string, rows: readonly (readonly SqlValue[])[]): Promise<number> {
      return write(() => {
        const s = prepare(sql);
        let changes = 0;
        for (const params of rows) changes += s.run(...params).changes;
        return changes;
      });
    },
    exec(sql: string): Promise<void> {
      return write(() => void db.exec(sql));
    },
    transaction<T>(fn: () => Promise<T>): Promise<T> {
      if (inTx.getStore()) return fn();
      return serial(async () => {
        await withBusyRetry(() => db.exec('BEGIN IMMEDIATE'));
        try {
          const result = await inTx.run(true, fn);
          await withBusyRetry(() => db.exec('COMMIT'));
          return result;
        } catch (err) {
          if (db.inTransaction) db.exec('ROLLBACK');
          throw err;
        }
      });
    },
    async close(): Promise<void> {
      if (db.open) db.close();
    },
  };
}
