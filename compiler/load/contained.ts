// Reads a project file only if it really lies inside the project: a symlink (or a symlinked folder)
// leading outside is refused before a byte is read, so a committed link to /proc/self/environ or
// ~/.ssh cannot be printed by `ferry validate` in a CI log.
import { readFile, realpath, stat } from 'node:fs/promises';
import path from 'node:path';

export type ContainedRead =
  | { readonly ok: true; readonly text: string }
  | { readonly ok: false; readonly reason: 'outside' | 'not a file' | (string & {}) };

/** True when `real` is `realRoot` or below it (both already resolved). */
export const within = (realRoot: string, real: string): boolean => {
  const rel = path.relative(realRoot, real);
  return rel === '' || (!rel.startsWith(`..${path.sep}`) && rel !== '..' && !path.isAbsolute(rel));
};

const errorCode = (error: unknown): string => {
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' ? code : 'unreadable';
};

/** The text of `file` when its resolved path is inside `root`'s resolved path. */
export async function readContained(root: string, file: string): Promise<ContainedRead> {
  let real: string;
  try {
    real = await realpath(file);
    if (!within(await realpath(root), real)) return { ok: false, reason: 'outside' };
    if (!(await stat(real)).isFile()) return { ok: false, reason: 'not a file' };
    // The resolved path is read, so the checked target is the one read.
    return { ok: true, text: await readFile(real, 'utf8') };
  } catch (error) {
    return { ok: false, reason: errorCode(error) };
  }
}
