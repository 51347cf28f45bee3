// How `ferry init` writes: never through a symbolic link. A link anywhere below the target folder
// (even a dangling one, which existsSync calls absent) is refused before anything is written; files
// are created with O_EXCL and overwritten (--force) with O_NOFOLLOW, so a link planted meanwhile fails.
import { closeSync, constants, lstatSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError } from '../../core/errors.ts';

type Kind = 'absent' | 'file' | 'dir' | 'link' | 'other';

function kindOf(path: string): Kind {
  try {
    const st = lstatSync(path);
    return st.isSymbolicLink() ? 'link' : st.isFile() ? 'file' : st.isDirectory() ? 'dir' : 'other';
  } catch {
    return 'absent';
  }
}

// `a/b/c.yaml` -> ['a', 'a/b', 'a/b/c.yaml']: every path below the target a write would pass through.
const steps = (rel: string): string[] =>
  rel.split('/').map((_s, i, parts) => parts.slice(0, i + 1).join('/'));

/** Planned paths (relative, `/`-separated) that pass through a symlink or a non-file/non-folder below `target`. */
export function unsafePaths(target: string, rels: readonly string[]): string[] {
  const bad = new Set<string>();
  for (const rel of rels) {
    const chain = steps(rel);
    chain.forEach((step, i) => {
      const kind = kindOf(join(target, step));
      const last = i === chain.length - 1;
      if (kind === 'link' || kind === 'other' || (last ? kind === 'dir' : kind === 'file')) bad.add(step);
    });
  }
  return [...bad].sort();
}

/** Writes one planned file below `target`: folders one level at a time, the file without following links. */
export function writePlanned(target: string, rel: string, content: string): void {
  const chain = steps(rel);
  mkdirSync(target, { recursive: true }); // the folder the user named (it may be a link they chose)
  for (const dir of chain.slice(0, -1)) {
    const path = join(target, dir);
    if (kindOf(path) === 'absent') mkdirSync(path);
    if (kindOf(path) !== 'dir')
      throw new ConfigError(
        'FERRY_INIT_UNSAFE_PATH',
        `${dir} is not a plain folder (refusing to write through it)`,
      );
  }
  const file = join(target, rel);
  const flags =
    kindOf(file) === 'file'
      ? constants.O_WRONLY | constants.O_TRUNC | constants.O_NOFOLLOW
      : constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL;
  const fd = openSync(file, flags, 0o644);
  try {
    writeSync(fd, content);
  } finally {
    closeSync(fd);
  }
}
