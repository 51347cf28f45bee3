// The repository's import graph, read from source text: shared by the wing-rule and the cycle tests.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

export const root = path.resolve(import.meta.dirname, '../..');

/** Relative import specifiers (static, type-only, re-exports and dynamic) of one file's text. */
export function importsOf(text: string): string[] {
  return [...text.matchAll(/(?:from|import)\s*\(?\s*['"](\.{1,2}\/[^'"]+)['"]/g)].map((m) => m[1] ?? '');
}

/** Repository-relative `.ts` files git knows of: committed or new, never ignored (node_modules, dist, build). */
export function sourceFiles(): string[] {
  let listed: string;
  try {
    listed = execFileSync(
      'git',
      ['ls-files', '--cached', '--others', '--exclude-standard', '-z', '--', '*.ts'],
      {
        cwd: root,
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore'],
      },
    );
  } catch {
    return walk('');
  }
  // A file deleted in the work tree but still in the index is listed too: keep only what can be read.
  return [...new Set(listed.split('\0').filter(Boolean))].filter((f) => existsSync(path.join(root, f)));
}

// Outside a git work tree (an exported copy): every `.ts` file but build output, dependencies and dot folders.
const SKIP = new Set(['node_modules', 'dist', 'build', 'coverage']);
function walk(dir: string): string[] {
  return readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((e) => {
    const rel = dir === '' ? e.name : `${dir}/${e.name}`;
    if (e.isDirectory()) return SKIP.has(e.name) || e.name.startsWith('.') ? [] : walk(rel);
    return e.name.endsWith('.ts') ? [rel] : [];
  });
}

export interface ImportEdge {
  /** Importing file, repository-relative with `/` separators. */
  readonly from: string;
  /** The specifier as written. */
  readonly spec: string;
  /** Imported path, repository-relative with `/` separators. */
  readonly to: string;
}

const posix = (p: string): string => p.split(path.sep).join('/');

/** Every relative import of every file, resolved against the importing file. */
export function importEdges(files: readonly string[] = sourceFiles()): ImportEdge[] {
  return files.flatMap((from) =>
    importsOf(readFileSync(path.join(root, from), 'utf8')).map((spec) => ({
      from: posix(from),
      spec,
      to: posix(path.relative(root, path.resolve(root, path.dirname(from), spec))),
    })),
  );
}
