// The SQLite state holds dead-letter payloads (personal data): its folder is created 0700 and the
// database 0600 before SQLite opens it (SQLite gives its -wal/-shm files the database's mode).
import { chmodSync, closeSync, constants, mkdirSync, openSync, statSync } from 'node:fs';
import { dirname } from 'node:path';

export const STATE_DIR_MODE = 0o700;
export const STATE_FILE_MODE = 0o600;

/** Creates the folders and the database file owner-only; tightens an existing looser file. */
export function prepareStateFile(file: string): void {
  // Only folders created here get 0700 (a shared parent such as /var/lib is left alone); the mode is
  // passed to mkdir, and umask can only remove bits from it.
  mkdirSync(dirname(file), { recursive: true, mode: STATE_DIR_MODE });
  try {
    // Exclusive create with the mode set at open: never a moment with a readable file.
    closeSync(openSync(file, constants.O_CREAT | constants.O_EXCL | constants.O_WRONLY, STATE_FILE_MODE));
  } catch (err) {
    if ((err as { code?: string }).code !== 'EEXIST') throw err;
  }
  for (const f of [file, `${file}-wal`, `${file}-shm`]) {
    const mode = modeOf(f);
    if (mode !== null && (mode & 0o077) !== 0) chmodSync(f, mode & STATE_FILE_MODE);
  }
}

const modeOf = (file: string): number | null => {
  try {
    return statSync(file).mode & 0o777;
  } catch {
    return null;
  }
};
