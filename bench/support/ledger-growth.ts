// CPU a ledger row costs as the SQLite ledger grows: the state store's own putLedger, 100 rows a transaction
// (an entity chunk), random GUID keys, timed at each size in `sizes` after filling up to it in large batches.
// Usage: npx tsx bench/support/ledger-growth.ts [sizes, default 1000000,5000000,13000000] (fills ~1 GB at 13 M)
import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openStateStore } from '../../runtime/state/index.ts';
import type { LedgerEntry } from '../../runtime/state/port.ts';

const TIMED = 100_000;
const CHUNK = 100;
const FILL = 50_000;

const rows = (n: number): LedgerEntry[] => {
  const syncedAt = new Date().toISOString();
  return Array.from({ length: n }, () => {
    const id = randomUUID();
    return {
      flow: 'contacts',
      sourceId: id,
      targetKey: id,
      hash: '0123456789abcdef',
      createdByFerry: true,
      matched: true,
      syncedAt,
    };
  });
};

const sizes = (process.argv[2] ?? '1000000,5000000,13000000').split(',').map(Number);
const file = path.join(tmpdir(), `ferry-ledger-growth-${process.pid}.db`);
const store = await openStateStore(`sqlite:${file}`, tmpdir());
try {
  let filled = 0;
  for (const size of sizes) {
    for (; filled < size; filled += FILL) await store.putLedger(rows(Math.min(FILL, size - filled)));
    const timed = rows(TIMED);
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    for (let i = 0; i < TIMED; i += CHUNK)
      await store.transaction(() => store.putLedger(timed.slice(i, i + CHUNK)));
    const c = process.cpuUsage(c0);
    filled += TIMED;
    console.log(
      `${size.toLocaleString('en-US')} rows: ${((c.user + c.system) / TIMED).toFixed(1)} µs CPU a row ` +
        `(${(c.system / TIMED).toFixed(1)} system), ${(((performance.now() - t0) * 1000) / TIMED).toFixed(1)} µs wall`,
    );
  }
} finally {
  await store.close();
  for (const s of ['', '-wal', '-shm']) rmSync(file + s, { force: true });
}
