// Migration 7: the ledger as a compact table (binary ids and short hashes, without rowid on SQLite); the
// per-record opt-out tables lose their rowid too. Existing rows are copied forward, page by page.
import type { SqlDriver } from './driver.ts';
import { chunk, placeholders } from './driver.ts';
import { encodeHash, encodeId, LEDGER_COLUMNS } from './ledger-codec.ts';

const PAGE = 1000;
const INSERT_CHUNK = 100;
const OLD_HASH = /^[0-9a-f]{64}$/;

/** `{{blob}}` and `{{without_rowid}}` are filled in per dialect by migrate(). */
export const LEAN_LEDGER_SQL = `
CREATE TABLE ferry_ledger_lean (flow TEXT NOT NULL, source_id {{blob}} NOT NULL, target_key TEXT, hash {{blob}} NOT NULL,
  created_by_ferry SMALLINT NOT NULL, matched SMALLINT NOT NULL, synced_at BIGINT NOT NULL, PRIMARY KEY (flow, source_id)) {{without_rowid}};
`;

/** Copies every ledger row into the compact table, then puts it in the old one's place. */
export async function leanLedger(db: SqlDriver): Promise<void> {
  let after: [string, string] | null = null;
  for (;;) {
    const rows: Record<string, unknown>[] = await db.all(
      after === null
        ? 'SELECT * FROM ferry_ledger ORDER BY flow, source_id LIMIT ?'
        : 'SELECT * FROM ferry_ledger WHERE flow > ? OR (flow = ? AND source_id > ?) ORDER BY flow, source_id LIMIT ?',
      after === null ? [PAGE] : [after[0], after[0], after[1], PAGE],
    );
    for (const part of chunk(rows, INSERT_CHUNK)) {
      await db.run(
        `INSERT INTO ferry_ledger_lean (${LEDGER_COLUMNS}) VALUES ${part.map(() => `(${placeholders(7)})`).join(', ')}`,
        part.flatMap((r) => {
          const sourceId = String(r.source_id);
          const hash = String(r.hash);
          const ms = Date.parse(String(r.synced_at));
          return [
            String(r.flow),
            encodeId(sourceId),
            String(r.target_key) === sourceId ? null : String(r.target_key),
            // Change hashes are now the first 64 bits of the same sha256: a kept prefix still matches.
            encodeHash(OLD_HASH.test(hash) ? hash.slice(0, 16) : hash),
            Number(r.created_by_ferry) !== 0 ? 1 : 0,
            Number(r.matched) !== 0 ? 1 : 0,
            // Ferry always wrote ISO times; anything else becomes the oldest time (first to be pruned).
            Number.isFinite(ms) ? ms : 0,
          ];
        }),
      );
    }
    const last = rows[rows.length - 1];
    if (last === undefined || rows.length < PAGE) break;
    after = [String(last.flow), String(last.source_id)];
  }
  await db.exec('DROP TABLE ferry_ledger');
  await db.exec('ALTER TABLE ferry_ledger_lean RENAME TO ferry_ledger');
  if (db.dialect === 'sqlite') await withoutRowid(db);
}

/** SQLite only (PostgreSQL tables have no rowid): rebuild the per-record opt-out tables as WITHOUT ROWID. */
async function withoutRowid(db: SqlDriver): Promise<void> {
  await db.exec(`
CREATE TABLE ferry_optout_seen_lean (flow TEXT NOT NULL, profile_key TEXT NOT NULL, field TEXT NOT NULL, value INTEGER,
  since TEXT NOT NULL, PRIMARY KEY (flow, profile_key, field)) WITHOUT ROWID;
INSERT INTO ferry_optout_seen_lean SELECT flow, profile_key, field, value, since FROM ferry_optout_seen;
DROP TABLE ferry_optout_seen;
ALTER TABLE ferry_optout_seen_lean RENAME TO ferry_optout_seen;
CREATE TABLE ferry_pending_optouts_lean (flow TEXT NOT NULL, source_id TEXT NOT NULL, side TEXT NOT NULL, field TEXT NOT NULL,
  value INTEGER NOT NULL, reason TEXT NOT NULL, attempts INTEGER NOT NULL, since TEXT,
  PRIMARY KEY (flow, source_id, side, field)) WITHOUT ROWID;
INSERT INTO ferry_pending_optouts_lean SELECT flow, source_id, side, field, value, reason, attempts, since FROM ferry_pending_optouts;
DROP TABLE ferry_pending_optouts;
ALTER TABLE ferry_pending_optouts_lean RENAME TO ferry_pending_optouts;
`);
}
