// Migration 4 moves a state store with dead letters forward: old letters stay live (no code), new columns work.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { MIGRATIONS, migrate, SqlStateStore } from '../../runtime/state/index.ts';
import { openPostgresDriver } from '../../runtime/state/postgres.ts';
import { openSqliteDriver } from '../../runtime/state/sqlite.ts';
import type { SqlDriver } from '../../runtime/state/driver.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'ferry-dlq-mig-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const pgUrl = process.env.FERRY_TEST_POSTGRES_URL;

async function forward(db: SqlDriver): Promise<void> {
  await migrate(
    db,
    MIGRATIONS.filter((m) => m.version < 4),
  );
  await db.run(
    `INSERT INTO ferry_dead_letters (flow, source_id, payload, reason, attempts, created_at, last_attempt_at)
     VALUES ('contacts', 'old', 'null', 'bad email', 2, '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z')`,
  );
  const store = new SqlStateStore(db);
  await store.migrate();
  const [old] = await store.listDeadLetters('contacts');
  expect(old).toMatchObject({ sourceId: 'old', attempts: 2, code: null, discarded: null });
  expect(await store.countDeadLetters()).toBe(1);
  const done = await store.discardDeadLetters({ all: true }, 'ops', 'legacy');
  expect(done.map((d) => d.sourceId)).toEqual(['old']);
  expect(await store.countDeadLetters()).toBe(0);
  expect((await store.listDeadLetters(undefined, { discarded: true }))[0]?.discarded).toMatchObject({
    by: 'ops',
    note: 'legacy',
  });
  await store.close();
}

describe('dead-letter lifecycle migration', () => {
  it('SQLite: a version-3 store with dead letters moves forward', async () => {
    await forward(openSqliteDriver(path.join(dir, 'state.db')));
  });

  it.skipIf(!pgUrl)('PostgreSQL: a version-3 store with dead letters moves forward', async () => {
    // A database of its own: the other PostgreSQL suites drop and recreate the tables in theirs meanwhile.
    const c = new pg.Client({ connectionString: pgUrl });
    await c.connect();
    await c.query('DROP DATABASE IF EXISTS ferry_dlq_migration');
    await c.query('CREATE DATABASE ferry_dlq_migration');
    await c.end();
    const url = new URL(pgUrl ?? '');
    url.pathname = '/ferry_dlq_migration';
    await forward(openPostgresDriver(url.toString()));
  });
});
