// Migration 7 moves a ledger written in the old layout forward (SQLite file, and PostgreSQL when configured).
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { canonicalJson, changeHash } from '../../runtime/lib/hash.ts';
import { MIGRATIONS, migrate, SqlStateStore } from '../../runtime/state/index.ts';
import type { SqlDriver } from '../../runtime/state/driver.ts';
import { decodeHash, decodeId, encodeHash, encodeId } from '../../runtime/state/ledger-codec.ts';
import { openPostgresDriver } from '../../runtime/state/postgres.ts';
import { openSqliteDriver } from '../../runtime/state/sqlite.ts';
import { createDatabase, PG_URL } from './pg-database.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'ferry-lean-ledger-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const GUID = '3f0e3c4a-8d55-4d1e-9a43-6a1f0c9b2e71';
const record = { lastname: 'Ng', email: 'ng@example.com' };
// What ferry stored before: the full sha256 hex of the hashed fields.
const oldHash = createHash('sha256').update(canonicalJson(record)).digest('hex');
const T = '2026-11-30T10:11:12.345Z';

/** Old-layout rows: [flow, source_id, target_key, hash, created_by_ferry, matched, synced_at]. */
const OLD_ROWS: readonly (readonly (string | number)[])[] = [
  ['contacts', GUID, GUID, oldHash, 1, 1, T],
  ['contacts', '3F0E3C4A-8D55-4D1E-9A43-6A1F0C9B2E71', '3F0E3C4A-8D55-4D1E-9A43-6A1F0C9B2E71', '', 0, 1, T],
  ['email-events', 'sixteen-chars-id', "ferry_emailsends(ferry_eventid='sixteen-chars-id')", 'h1', 1, 1, T],
];

async function upgrade(db: SqlDriver): Promise<void> {
  await migrate(
    db,
    MIGRATIONS.filter((m) => m.version < 7),
  );
  for (const r of OLD_ROWS)
    await db.run(
      'INSERT INTO ferry_ledger (flow, source_id, target_key, hash, created_by_ferry, matched, synced_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
      [...r],
    );
  await db.run(
    "INSERT INTO ferry_optout_seen (flow, profile_key, field, value, since) VALUES ('optout', 'k1', 'email', 1, ?)",
    [T],
  );
  await db.run(
    "INSERT INTO ferry_pending_optouts (flow, source_id, side, field, value, reason, attempts) VALUES ('optout', ?, 'campaign', 'email', 1, 'retry', 2)",
    [GUID],
  );
  const store = new SqlStateStore(db);
  await store.migrate();
  // The opt-out tables (rebuilt without rowid on SQLite) keep their rows.
  expect(await store.getOptoutSeen('optout', ['k1'])).toHaveLength(1);
  expect((await store.listPendingOptouts('optout')).map((p) => [p.sourceId, p.attempts])).toEqual([
    [GUID, 2],
  ]);
  const contacts = await store.getLedger('contacts', [GUID, '3F0E3C4A-8D55-4D1E-9A43-6A1F0C9B2E71']);
  // The kept 64-bit prefix equals today's change hash of the same record: nothing is rewritten after the upgrade.
  expect(contacts.get(GUID)).toEqual({
    flow: 'contacts',
    sourceId: GUID,
    targetKey: GUID,
    hash: changeHash(record, ['email', 'lastname']),
    createdByFerry: true,
    matched: true,
    syncedAt: T,
  });
  expect(contacts.get('3F0E3C4A-8D55-4D1E-9A43-6A1F0C9B2E71')).toMatchObject({
    hash: '',
    createdByFerry: false,
  });
  const [events] = [...(await store.getLedger('email-events', ['sixteen-chars-id'])).values()];
  expect(events).toMatchObject({
    targetKey: "ferry_emailsends(ferry_eventid='sixteen-chars-id')",
    hash: 'h1',
  });
  const scanned: string[] = [];
  for await (const page of store.scanLedger('contacts')) scanned.push(...page.map((e) => e.sourceId));
  expect(scanned.sort()).toEqual([GUID, '3F0E3C4A-8D55-4D1E-9A43-6A1F0C9B2E71'].sort());
  // A GUID is 16 bytes on disk now.
  const [raw] = await db.all(
    'SELECT source_id, hash FROM ferry_ledger WHERE flow = ? AND matched = 1 AND created_by_ferry = 1 AND target_key IS NULL',
    ['contacts'],
  );
  expect((raw?.source_id as Uint8Array).byteLength).toBe(16);
  expect((raw?.hash as Uint8Array).byteLength).toBe(8);
  expect(await store.pruneLedger('contacts', '2026-12-01T00:00:00.000Z')).toBe(2);
  await store.close();
}

describe('lean ledger', () => {
  it('ids and hashes round-trip, the compact form only where it is unambiguous', () => {
    for (const id of [
      GUID,
      GUID.toUpperCase(),
      'sixteen-chars-id',
      'follow-up:x',
      '',
      'ünïcødé-ïd-16b',
      'x'.repeat(17),
    ])
      expect(decodeId(encodeId(id))).toBe(id);
    expect(encodeId(GUID).byteLength).toBe(16);
    expect(encodeId('sixteen-chars-id').byteLength).toBe(17);
    for (const h of ['', '0123456789abcdef', '8charstr', 'h1', oldHash])
      expect(decodeHash(encodeHash(h))).toBe(h);
    expect(encodeHash('0123456789abcdef').byteLength).toBe(8);
    expect(encodeHash('').byteLength).toBe(0);
  });

  it('SQLite: a version-4 state file with a ledger moves forward; the ledger has no rowid', async () => {
    const file = path.join(dir, 'state.db');
    await upgrade(openSqliteDriver(file));
    const again = openSqliteDriver(file);
    const [t] = await again.all("SELECT sql FROM sqlite_master WHERE name = 'ferry_ledger'");
    expect(String(t?.sql)).toMatch(/WITHOUT ROWID/);
    await again.close();
  });

  it.skipIf(!PG_URL)('PostgreSQL: a version-4 store with a ledger moves forward (bytea)', async () => {
    const tmp = await createDatabase(PG_URL as string);
    try {
      await upgrade(openPostgresDriver(tmp.url));
    } finally {
      await tmp.drop();
    }
  });
});
