// Attack: the SQLite state (dead-letter payloads = personal data) was created 0755/0644, readable by
// every local user. The folder must be 0700 and the database and its WAL files 0600, whatever the umask.
import { chmodSync, existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openStateStore } from '../../runtime/state/index.ts';

const mode = (p: string): number => statSync(p).mode & 0o777;
let base = '';
let umask = 0;
afterEach(() => {
  process.umask(umask);
  rmSync(base, { recursive: true, force: true });
});

describe.skipIf(process.platform === 'win32')('SQLite state file modes', () => {
  for (const mask of [0o022, 0o000, 0o002]) {
    it(`umask ${mask.toString(8).padStart(3, '0')}: folder 0700, database and WAL 0600`, async () => {
      base = mkdtempSync(path.join(tmpdir(), 'ferry-state-'));
      umask = process.umask(mask);
      const store = await openStateStore('sqlite:.state/nested/t.db', base);
      await store.migrate();
      const db = path.join(base, '.state', 'nested', 't.db');
      expect(mode(path.join(base, '.state'))).toBe(0o700);
      expect(mode(path.dirname(db))).toBe(0o700);
      expect(mode(db)).toBe(0o600);
      expect(existsSync(`${db}-wal`)).toBe(true);
      expect(mode(`${db}-wal`)).toBe(0o600);
      expect(mode(`${db}-shm`)).toBe(0o600);
      await store.close();
    });
  }

  it('an existing database readable by others is tightened to owner-only', async () => {
    base = mkdtempSync(path.join(tmpdir(), 'ferry-state-'));
    umask = process.umask(0o022);
    const db = path.join(base, 'old.db');
    const first = await openStateStore(`sqlite:${db}`, base);
    await first.migrate();
    await first.close();
    chmodSync(db, 0o644);
    writeFileSync(`${db}-wal`, '');
    chmodSync(`${db}-wal`, 0o666);
    const again = await openStateStore(`sqlite:${db}`, base);
    expect(mode(db)).toBe(0o600);
    expect(mode(`${db}-wal`)).toBe(0o600);
    await again.close();
  });
});
