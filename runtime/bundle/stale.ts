// Is the compiled bundle older than its inputs? Compares the manifest's input hashes with the files now.
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join, relative, resolve, sep } from 'node:path';
import { FerryError } from '../../core/errors.ts';
import { readManifest } from './load.ts';

export interface Freshness {
  readonly state: 'fresh' | 'stale' | 'missing';
  /** Inputs whose content changed or disappeared. */
  readonly changed: readonly string[];
}

const sha256 = (buf: Buffer): string => createHash('sha256').update(buf).digest('hex');

async function walk(dir: string): Promise<string[]> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  const out: string[] = [];
  for (const e of entries)
    out.push(...(e.isDirectory() ? await walk(join(dir, e.name)) : [join(dir, e.name)]));
  return out;
}

/**
 * `root` is the project root the manifest's input paths are relative to. Files under `metadataDir`
 * that the manifest does not list (a new snapshot) also make the bundle stale.
 */
export async function bundleFreshness(
  root: string,
  bundleDir: string,
  metadataDir?: string,
): Promise<Freshness> {
  let inputs: Readonly<Record<string, string>>;
  try {
    inputs = (await readManifest(bundleDir)).inputs;
  } catch (err) {
    if (err instanceof FerryError && err.code === 'FERRY_BUNDLE_MISSING')
      return { state: 'missing', changed: [] };
    throw err;
  }
  const changed: string[] = [];
  for (const [path, expected] of Object.entries(inputs)) {
    let actual: string | null;
    try {
      actual = sha256(await readFile(resolve(root, path)));
    } catch {
      actual = null;
    }
    if (actual === null || actual !== expected.replace(/^sha256:/, '')) changed.push(path);
  }
  if (metadataDir !== undefined) {
    for (const f of await walk(metadataDir)) {
      const rel = relative(root, f).split(sep).join('/');
      if (!(rel in inputs)) changed.push(rel);
    }
  }
  return { state: changed.length > 0 ? 'stale' : 'fresh', changed: changed.sort() };
}
