// Bytes of a SQLite state file per ledger row, as left by a run (WAL folded in) and after VACUUM.
import { statSync } from 'node:fs';
import { openSqliteDriver } from '../../runtime/state/sqlite.ts';

export interface StateSize {
  readonly ledgerRows: number;
  readonly fileBytes: number;
  readonly vacuumedBytes: number;
}

export async function stateSize(url: string): Promise<StateSize> {
  const file = url.slice('sqlite:'.length);
  const db = openSqliteDriver(file);
  try {
    const [row] = await db.all('SELECT COUNT(*) AS n FROM ferry_ledger');
    // The file as a run leaves it, with the WAL copied back (what a backup of the state would hold).
    await db.exec('PRAGMA wal_checkpoint(TRUNCATE)');
    const fileBytes = statSync(file).size;
    await db.exec('VACUUM');
    await db.exec('PRAGMA wal_checkpoint(TRUNCATE)');
    return { ledgerRows: Number(row?.n ?? 0), fileBytes, vacuumedBytes: statSync(file).size };
  } finally {
    await db.close();
  }
}
