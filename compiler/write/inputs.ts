// Inputs of a compile (for manifest.json): every YAML document read plus every metadata snapshot
// file, keyed by path relative to the project root (posix), valued by sha256 of the bytes.
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sha256 } from './manifest.ts';

const rel = (root: string, p: string): string => path.relative(root, p).split(path.sep).join('/');

async function walk(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  const out: string[] = [];
  for (const e of entries) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...(await walk(p)));
    else if (e.isFile()) out.push(p);
  }
  return out;
}

export async function inputHashes(
  root: string,
  yamlFiles: readonly string[],
  metadataDir: string,
): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const f of yamlFiles) {
    const abs = path.resolve(root, f);
    out[rel(root, abs)] = sha256(await readFile(abs));
  }
  for (const f of await walk(metadataDir)) out[rel(root, f)] = sha256(await readFile(f));
  return out;
}

const HERE = path.dirname(fileURLToPath(import.meta.url));

/** The compiler's version, from ferry's own package.json. */
export async function compilerVersion(): Promise<string> {
  const pkg = JSON.parse(await readFile(path.resolve(HERE, '../../package.json'), 'utf8')) as {
    version?: string;
  };
  return pkg.version ?? '0.0.0';
}

/**
 * Import specifier of runtime/lib/index.ts as seen from the bundle folder. Generated modules import
 * the repository's runtime library by relative path (a .ts file: the runtime runs under tsx), so the
 * engine and the bundle share one copy of the library. dist/<t>/ gives '../../runtime/lib/index.ts'.
 */
export function libSpecifier(outDir: string, runtimeDir: string): string {
  const r = path
    .relative(outDir, path.join(runtimeDir, 'lib', 'index.ts'))
    .split(path.sep)
    .join('/');
  return r.startsWith('.') ? r : `./${r}`;
}
