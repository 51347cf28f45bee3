// Ledger bytes per record in SQLite: the layout before migration 7 against the compact one, at 100,000 contacts.
import { randomUUID } from 'node:crypto';
import { changeHash } from '../runtime/lib/hash.ts';
import { MIGRATIONS, migrate, SqlStateStore } from '../runtime/state/index.ts';
import type { SqlDriver } from '../runtime/state/driver.ts';
import { openSqliteDriver } from '../runtime/state/sqlite.ts';
import type { LedgerEntry } from '../runtime/state/port.ts';
import { sig } from './support/stats.ts';
import { tempState } from './support/state.ts';
import type { BenchResult, BenchRun } from './types.ts';

const CHUNK = 1000;
const FLOW = 'contacts';

/** Pages in use (free pages left by a dropped table excluded), in bytes. */
async function usedBytes(db: SqlDriver): Promise<number> {
  await db.exec('PRAGMA wal_checkpoint(TRUNCATE)');
  const n = async (p: string): Promise<number> =>
    Number(Object.values((await db.all(`PRAGMA ${p}`))[0] ?? {})[0]);
  return ((await n('page_count')) - (await n('freelist_count'))) * (await n('page_size'));
}

/** Contact ledger rows as ferry writes them: a Dynamics GUID, target key = source id, a change hash. */
function entries(n: number, from: number, oldHash: boolean): LedgerEntry[] {
  const syncedAt = new Date().toISOString();
  return Array.from({ length: n }, (_, i) => {
    const id = randomUUID();
    const h = changeHash({ lastname: `L${from + i}`, email: `c${from + i}@example.com` }, [
      'email',
      'lastname',
    ]);
    // Before: the full 64-hex sha256 (the prefix kept now is the same digest's first 16 digits).
    const hash = oldHash ? h.padEnd(64, '0') : h;
    return { flow: FLOW, sourceId: id, targetKey: id, hash, createdByFerry: true, matched: true, syncedAt };
  });
}

async function measure(url: string, records: number, layout: 'old' | 'new'): Promise<number> {
  const db = openSqliteDriver(url.slice('sqlite:'.length));
  await migrate(db, layout === 'old' ? MIGRATIONS.filter((m) => m.version < 7) : MIGRATIONS);
  const empty = await usedBytes(db);
  const store = new SqlStateStore(db);
  for (let i = 0; i < records; i += CHUNK) {
    const part = entries(Math.min(CHUNK, records - i), i, layout === 'old');
    if (layout === 'new') await store.putLedger(part);
    else
      await db.transaction(async () => {
        for (const e of part)
          await db.run(
            'INSERT INTO ferry_ledger (flow, source_id, target_key, hash, created_by_ferry, matched, synced_at) VALUES (?, ?, ?, ?, 1, 1, ?)',
            [e.flow, e.sourceId, e.targetKey, e.hash, e.syncedAt],
          );
      });
  }
  const perRecord = ((await usedBytes(db)) - empty) / records;
  await store.close();
  return perRecord;
}

/** The old layout's file moved forward by migration 7 (then vacuumed: the old table's pages are freed). */
async function migrated(url: string): Promise<{ perRecord: number; ms: number; records: number }> {
  const db = openSqliteDriver(url.slice('sqlite:'.length));
  const store = new SqlStateStore(db);
  const t0 = performance.now();
  await store.migrate();
  const ms = performance.now() - t0;
  const records = await store.countLedger(FLOW);
  await db.exec('VACUUM');
  const used = await usedBytes(db);
  await store.close();
  return { perRecord: used / records, ms, records };
}

export async function benchLedger(records: number): Promise<BenchResult> {
  const a = await tempState();
  const b = await tempState();
  try {
    const before = await measure(a.url, records, 'old');
    const now = await measure(b.url, records, 'new');
    const up = await migrated(a.url);
    return {
      name: 'ledger',
      figures: {
        records,
        'before.bytesPerRecord': sig(before),
        'now.bytesPerRecord': sig(now),
        'migrated.bytesPerRecord': sig(up.perRecord),
        'migrated.seconds': sig(up.ms / 1000),
        ratio: sig(now / before),
      },
      table: [
        ['ledger layout (SQLite)', 'records', 'bytes/record'],
        ['before (text ids, 64-hex hashes, rowid)', records, sig(before)],
        ['now (16-byte ids, 8-byte hashes, no rowid)', records, sig(now)],
        [`old file after migration 7 (${sig(up.ms / 1000)} s, vacuumed)`, up.records, sig(up.perRecord)],
      ],
      targets: [
        {
          name: 'ledger ≤ ~63 bytes per record (SQLite)',
          met: now <= 66,
          detail: `${sig(now)} bytes/record now vs ${sig(before)} before (×${sig(now / before)}), ${records} contacts`,
        },
      ],
    };
  } finally {
    await a.dispose();
    await b.dispose();
  }
}

export const run: BenchRun = (opts) => benchLedger(opts.smoke ? 5_000 : 100_000);
