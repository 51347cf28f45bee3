// pg driver: a pool; transactions pin one client, found again through AsyncLocalStorage.
import { AsyncLocalStorage } from 'node:async_hooks';
import pg from 'pg';
import type { Row, SqlDriver, SqlValue } from './driver.ts';
import { toDollarParams } from './driver.ts';

// int8 (BIGINT, COUNT) comes back as a string by default; our values fit in a double.
pg.types.setTypeParser(20, (v: string) => Number(v));

export interface PostgresOptions {
  readonly max?: number;
  /**
   * The server ends a session left idle inside a transaction this long, so a paused (SIGSTOPped, frozen)
   * worker cannot hold row locks and block the worker that takes its lease over.
   */
  readonly idleInTransactionMs?: number;
}

export function openPostgresDriver(url: string, opts: PostgresOptions = {}): SqlDriver {
  const pool = new pg.Pool({
    connectionString: url,
    max: opts.max ?? 4,
    ...(opts.idleInTransactionMs !== undefined
      ? { idle_in_transaction_session_timeout: Math.round(opts.idleInTransactionMs) }
      : {}),
  });
  // An idle pooled connection closed by the server (timeout, restart) is dropped; the next query opens another.
  pool.on('error', () => undefined);
  const tx = new AsyncLocalStorage<pg.PoolClient>();
  const q = async (sql: string, params: readonly SqlValue[]): Promise<pg.QueryResult> => {
    const text = toDollarParams(sql);
    const values = params.map((p) => (typeof p === 'bigint' ? p.toString() : p));
    const client = tx.getStore();
    return client ? client.query(text, values) : pool.query(text, values);
  };
  return {
    dialect: 'postgres',
    async all(sql, params = []) {
      return (await q(sql, params)).rows as Row[];
    },
    async run(sql, params = []) {
      return (await q(sql, params)).rowCount ?? 0;
    },
    async exec(sql) {
      const client = tx.getStore();
      await (client ? client.query(sql) : pool.query(sql));
    },
    async transaction<T>(fn: () => Promise<T>): Promise<T> {
      if (tx.getStore()) return fn();
      const client = await pool.connect();
      // A checked-out client has no pool listener: a server-side close (idle-in-transaction timeout after a
      // pause) would otherwise be an unhandled 'error' event; the next query on it fails instead.
      let broken: Error | undefined;
      const onError = (err: Error): void => void (broken = err);
      client.on('error', onError);
      try {
        await client.query('BEGIN');
        const result = await tx.run(client, fn);
        await client.query('COMMIT');
        return result;
      } catch (err) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw err;
      } finally {
        client.off('error', onError);
        client.release(broken);
      }
    },
    async close() {
      await pool.end();
    },
  };
}
