// SQLite state has no workers to share with: one `ferry serve` owns the file, marked by `<file>.serve.lock`
// (pid and host). A second serve, or a `ferry run`, on the same file is refused; a lock whose process died
// on this host is taken over.
import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { isAbsolute, resolve } from 'node:path';
import { StateError } from '../../core/errors.ts';

interface LockInfo {
  readonly pid: number;
  readonly host: string;
  readonly since: string;
}

/** The lock file of a `sqlite:` state URL (null for PostgreSQL, in-memory or other stores). */
export function lockFileOf(stateUrl: string, tenantDir: string): string | null {
  if (!stateUrl.startsWith('sqlite:')) return null;
  const file = stateUrl.slice('sqlite:'.length);
  if (file === '' || file === ':memory:') return null;
  return `${isAbsolute(file) ? file : resolve(tenantDir, file)}.serve.lock`;
}

function read(lockFile: string): LockInfo | null {
  try {
    return JSON.parse(readFileSync(lockFile, 'utf8')) as LockInfo;
  } catch {
    return null;
  }
}

function alive(info: LockInfo): boolean {
  if (info.host !== hostname()) return true; // another machine: cannot tell, assume it runs
  if (info.pid === process.pid) return true;
  try {
    process.kill(info.pid, 0); // signal 0: existence check only
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}

function refuse(lockFile: string, info: LockInfo): StateError {
  return new StateError(
    'FERRY_STATE_IN_USE',
    `the SQLite state is in use by ferry serve (pid ${info.pid} on ${info.host}, since ${info.since}; lock ${lockFile}): stop that process first, or use a PostgreSQL state store to run several workers`,
    { details: { lockFile, pid: info.pid, host: info.host } },
  );
}

/** Throws FERRY_STATE_IN_USE when a live serve holds the lock (for `ferry run`). */
export function assertStateFree(lockFile: string | null): void {
  if (lockFile === null) return;
  const info = read(lockFile);
  if (info !== null && info.pid !== process.pid && alive(info)) throw refuse(lockFile, info);
}

/** Takes the lock (exclusive create); returns its release. */
export function lockState(lockFile: string | null): () => void {
  if (lockFile === null) return () => {};
  const me: LockInfo = { pid: process.pid, host: hostname(), since: new Date().toISOString() };
  for (let attempt = 0; ; attempt++) {
    try {
      const fd = openSync(lockFile, 'wx', 0o600);
      writeSync(fd, JSON.stringify(me));
      closeSync(fd);
      return () => {
        if (read(lockFile)?.pid === process.pid) unlinkSync(lockFile);
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const info = read(lockFile);
      if (info !== null && alive(info)) throw refuse(lockFile, info);
      // Lost a race with another starting serve: it wins.
      if (attempt > 0) throw refuse(lockFile, info ?? { pid: 0, host: 'another process', since: 'now' });
      unlinkSync(lockFile); // its process is gone (SIGKILL, crash) or left nothing readable: take over
    }
  }
}
