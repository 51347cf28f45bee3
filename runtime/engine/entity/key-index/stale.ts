// Spill directories a killed process left behind (where an open file cannot be unlinked, e.g. Windows): each
// directory is named after the process that made it, and a later run removes those whose process is gone.
import fs from 'node:fs';
import path from 'node:path';

/** `ferry-keys-<pid>-`: the prefix of a spill directory made by process `pid`. */
export const spillPrefix = (pid: number): string => `ferry-keys-${pid}-`;

const NAME = /^ferry-keys-(\d+)-/;

/** True when a process with this pid exists (EPERM: it exists, owned by another user). */
export function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

const swept = new Set<string>();

/**
 * Removes, once per temp folder and process, the spill directories of processes that no longer run. Best
 * effort: a directory that cannot be listed or removed is left as it is. Returns the directories removed.
 */
export function sweepStaleSpills(tmp: string, alive: (pid: number) => boolean = pidAlive): string[] {
  if (swept.has(tmp)) return [];
  swept.add(tmp);
  const removed: string[] = [];
  let names: string[];
  try {
    names = fs.readdirSync(tmp);
  } catch {
    return removed;
  }
  for (const name of names) {
    const pid = Number(NAME.exec(name)?.[1] ?? Number.NaN);
    if (!Number.isSafeInteger(pid) || pid <= 0 || pid === process.pid || alive(pid)) continue;
    const dir = path.join(tmp, name);
    try {
      fs.rmSync(dir, { recursive: true, force: true });
      removed.push(dir);
    } catch {
      // Another user's directory, or in use: not ours to force.
    }
  }
  return removed;
}
