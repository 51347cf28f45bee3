// Inputs of a compile (for manifest.json): every YAML document read plus every metadata snapshot
// file, keyed by path relative to the project root (posix), valued by sha256 of the bytes.
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { PACKAGE_ROOT } from '../../core/package-root.ts';
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

/** The compiler's version, from ferry's own package.json. */
export async function compilerVersion(): Promise<string> {
  const pkg = JSON.parse(await readFile(path.join(PACKAGE_ROOT, 'package.json'), 'utf8')) as {
    version?: string;
  };
  return pkg.version ?? '0.0.0';
}

/**
 * Import specifier of the runtime library in generated modules: the package name, resolved through
 * ferry's package.json `exports`, so a bundle's bytes do not depend on where ferry is installed.
 */
export const LIB_SPECIFIER = 'ferry/runtime';
