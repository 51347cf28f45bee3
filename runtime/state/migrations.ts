// Versioned schema: each migration runs once, in order, recorded in ferry_migrations.
import type { SqlDriver } from './driver.ts';
import { EVENT_INTENTS_SQL } from './event-intents.ts';
import { LEAN_LEDGER_SQL, leanLedger } from './lean-ledger.ts';

export interface Migration {
  readonly version: number;
  readonly name: string;
  /** DDL; `{{id}}` becomes the dialect's auto-increment primary key, `{{blob}}` its binary type, `{{without_rowid}}` SQLite's table option. */
  readonly sql: string;
  /** Data moved forward after the DDL, in the same transaction. */
  readonly run?: (db: SqlDriver) => Promise<void>;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'initial',
    sql: `
CREATE TABLE ferry_checkpoints (flow TEXT NOT NULL, name TEXT NOT NULL, value TEXT, updated_at TEXT NOT NULL, PRIMARY KEY (flow, name));
CREATE TABLE ferry_ledger (flow TEXT NOT NULL, source_id TEXT NOT NULL, target_key TEXT NOT NULL, hash TEXT NOT NULL,
  created_by_ferry INTEGER NOT NULL, matched INTEGER NOT NULL, synced_at TEXT NOT NULL, PRIMARY KEY (flow, source_id));
CREATE TABLE ferry_dead_letters (id {{id}}, flow TEXT NOT NULL, source_id TEXT NOT NULL, payload TEXT NOT NULL, reason TEXT NOT NULL,
  attempts INTEGER NOT NULL, created_at TEXT NOT NULL, last_attempt_at TEXT NOT NULL);
CREATE UNIQUE INDEX ferry_dead_letters_key ON ferry_dead_letters (flow, source_id);
CREATE TABLE ferry_runs (id {{id}}, flow TEXT NOT NULL, mode TEXT NOT NULL, started_at TEXT NOT NULL, ended_at TEXT,
  counts TEXT NOT NULL, error TEXT);
CREATE INDEX ferry_runs_flow ON ferry_runs (flow, id);
CREATE TABLE ferry_flow_status (flow TEXT PRIMARY KEY, status TEXT NOT NULL, detail TEXT, updated_at TEXT NOT NULL);
CREATE TABLE ferry_optout_audit (id {{id}}, flow TEXT NOT NULL, source_id TEXT NOT NULL, pair TEXT NOT NULL,
  dynamics_value INTEGER, campaign_value INTEGER, decided INTEGER NOT NULL, winner TEXT NOT NULL, reason TEXT NOT NULL, at TEXT NOT NULL);
CREATE INDEX ferry_optout_audit_flow ON ferry_optout_audit (flow, id);
CREATE TABLE ferry_pending_optouts (flow TEXT NOT NULL, source_id TEXT NOT NULL, side TEXT NOT NULL, field TEXT NOT NULL,
  value INTEGER NOT NULL, reason TEXT NOT NULL, attempts INTEGER NOT NULL, PRIMARY KEY (flow, source_id, side, field));
`,
  },
  {
    version: 2,
    name: 'worker-leases',
    sql: `
CREATE TABLE ferry_leases (flow TEXT PRIMARY KEY, worker TEXT, fence BIGINT NOT NULL, expires_at BIGINT NOT NULL);
`,
  },
  {
    version: 3,
    name: 'optout-seen',
    // Attribute-level change time of Campaign opt-out fields (for the conflict rule): the last value ferry saw or wrote, and since when.
    sql: `
CREATE TABLE ferry_optout_seen (flow TEXT NOT NULL, profile_key TEXT NOT NULL, field TEXT NOT NULL, value INTEGER,
  since TEXT NOT NULL, PRIMARY KEY (flow, profile_key, field));
`,
  },
  {
    version: 4,
    name: 'dead-letter-lifecycle',
    // The failure's stable code (discard by reason), and who discarded a letter, when and why (kept as its record).
    sql: `
ALTER TABLE ferry_dead_letters ADD COLUMN code TEXT;
ALTER TABLE ferry_dead_letters ADD COLUMN discarded_at TEXT;
ALTER TABLE ferry_dead_letters ADD COLUMN discarded_by TEXT;
ALTER TABLE ferry_dead_letters ADD COLUMN discard_note TEXT;
`,
  },
  {
    version: 5,
    name: 'operator-actions',
    // What operators did from the status page (who, what, why, when), and the flows they paused (ferry run skips them).
    sql: `
CREATE TABLE ferry_actions (id {{id}}, action TEXT NOT NULL, flow TEXT, target TEXT, actor TEXT NOT NULL, why TEXT,
  outcome TEXT NOT NULL, at TEXT NOT NULL);
CREATE INDEX ferry_actions_flow ON ferry_actions (flow, id);
CREATE TABLE ferry_paused_flows (flow TEXT PRIMARY KEY, actor TEXT NOT NULL, why TEXT, at TEXT NOT NULL);
`,
  },
  {
    version: 6,
    name: 'dead-letter-backoff',
    // When a letter that ferry retries by itself is next due (null: it needs an operator); parked orphans
    // stored before are retried by themselves, so they get a time (their backoff is computed from it).
    // A pending opt-out keeps when its write first failed (alerts on opt-outs pending too long).
    sql: `
ALTER TABLE ferry_dead_letters ADD COLUMN next_retry_at TEXT;
UPDATE ferry_dead_letters SET next_retry_at = last_attempt_at WHERE code = 'FERRY_PARENT_MISSING';
ALTER TABLE ferry_pending_optouts ADD COLUMN since TEXT;
`,
  },
  {
    version: 7,
    name: 'lean-ledger',
    // ~278 → ~60 bytes a ledger row on SQLite: binary GUIDs, 64-bit hashes, epoch-ms times, no rowid.
    sql: LEAN_LEDGER_SQL,
    run: leanLedger,
  },
  {
    version: 8,
    name: 'event-intents',
    // One intent record per events page (its first writes) instead of an empty-hash ledger row per write.
    sql: EVENT_INTENTS_SQL,
  },
];

const idColumn = (d: SqlDriver['dialect']): string =>
  d === 'sqlite' ? 'INTEGER PRIMARY KEY AUTOINCREMENT' : 'INTEGER GENERATED ALWAYS AS IDENTITY PRIMARY KEY';

const dialectSql = (sql: string, d: SqlDriver['dialect']): string =>
  sql
    .replaceAll('{{id}}', idColumn(d))
    .replaceAll('{{blob}}', d === 'sqlite' ? 'BLOB' : 'BYTEA')
    .replaceAll('{{without_rowid}}', d === 'sqlite' ? 'WITHOUT ROWID' : '');

/** Apply every migration not yet recorded; safe to call any number of times (and concurrently on PostgreSQL). */
export async function migrate(
  db: SqlDriver,
  migrations: readonly Migration[] = MIGRATIONS,
): Promise<number[]> {
  return db.transaction(async () => {
    // Two workers starting together must not both apply a migration (nor both create the table below).
    if (db.dialect === 'postgres') await db.all('SELECT pg_advisory_xact_lock(727274)');
    await db.exec(
      'CREATE TABLE IF NOT EXISTS ferry_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)',
    );
    const done = new Set(
      (await db.all('SELECT version FROM ferry_migrations')).map((r) => Number(r.version)),
    );
    const applied: number[] = [];
    for (const m of [...migrations].sort((a, b) => a.version - b.version)) {
      if (done.has(m.version)) continue;
      await db.exec(dialectSql(m.sql, db.dialect));
      await m.run?.(db);
      await db.run('INSERT INTO ferry_migrations (version, name, applied_at) VALUES (?, ?, ?)', [
        m.version,
        m.name,
        new Date().toISOString(),
      ]);
      applied.push(m.version);
    }
    return applied;
  });
}
