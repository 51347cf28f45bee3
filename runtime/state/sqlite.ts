// better-sqlite3 driver: one file per tenant, WAL, cached prepared statements.
import { AsyncLocalStorage } from 'node:async_hooks';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import type { Statement } from 'better-sqlite3';
import type { Row, SqlDriver, SqlValue } from './driver.ts';

export function openSqliteDriver(file: string, opts: { busyTimeoutMs?: number } = {}): SqlDriver {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file, { timeout: opts.busyTimeoutMs ?? 5000 });
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
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
  const inTx = new AsyncLocalStorage<true>();
  // One connection: transactions are serialised so two async callers never interleave inside BEGIN..COMMIT.
  let queue: Promise<unknown> = Promise.resolve();
  const serial = <T>(fn: () => Promise<T>): Promise<T> => {
    const p = queue.then(fn, fn);
    queue = p.catch(() => undefined);
    return p;
  };

  return {
    dialect: 'sqlite',
    async all(sql: string, params: readonly SqlValue[] = []): Promise<Row[]> {
      return prepare(sql).all(...params) as Row[];
    },
    // A write outside a transaction queues behind open transactions instead of landing inside one.
    run(sql: string, params: readonly SqlValue[] = []): Promise<number> {
      const write = () => prepare(sql).run(...params).changes;
      return inTx.getStore() ? Promise.resolve(write()) : serial(async () => write());
    },
    exec(sql: string): Promise<void> {
      const write = () => void db.exec(sql);
      return inTx.getStore() ? Promise.resolve(write()) : serial(async () => write());
    },
    transaction<T>(fn: () => Promise<T>): Promise<T> {
      if (inTx.getStore()) return fn();
      const run = async (): Promise<T> => {
        db.exec('BEGIN IMMEDIATE');
        try {
          const result = await inTx.run(true, fn);
          db.exec('COMMIT');
          return result;
        } catch (err) {
          if (db.inTransaction) db.exec('ROLLBACK');
          throw err;
        }
      };
      return serial(run);
    },
    async close(): Promise<void> {
      if (db.open) db.close();
    },
  };
}
