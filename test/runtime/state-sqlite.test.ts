import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../../core/errors.ts';
import { openStateStore } from '../../runtime/state/index.ts';
import { isolationContract, stateContract } from './state-contract.ts';

const dir = mkdtempSync(join(tmpdir(), 'ferry-state-'));
let n = 0;
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('SQLite state store', () => {
  // Each test gets a fresh file; the lease test opens two stores on the same file (two workers).
  stateContract(async (opts) => {
    const file = `sqlite:t${opts?.sameAsPrevious ? n : ++n}.db`;
    return openStateStore(file, dir, opts?.now ? { now: opts.now } : {});
  });

  isolationContract(async () => openStateStore(`sqlite:t${++n}.db`, dir));

  it('uses WAL and a relative path under the tenant dir', async () => {
    const s = await openStateStore('sqlite:.state/x.db', dir);
    const [row] = await s.db.all('PRAGMA journal_mode');
    expect(row?.journal_mode).toBe('wal');
    // Checkpoints every 10,000 WAL pages, not SQLite's 1,000 (a checkpoint per events page before).
    const [cp] = await s.db.all('PRAGMA wal_autocheckpoint');
    expect(cp?.wal_autocheckpoint).toBe(10_000);
    await s.close();
  });

  it('rejects unknown schemes without echoing the URL', async () => {
    const err = await openStateStore('mysql://user:hunter2@host/db', dir).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConfigError);
    expect(String((err as Error).message)).not.toContain('hunter2');
  });
});
