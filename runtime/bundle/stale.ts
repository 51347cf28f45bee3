// Is the compiled bundle older than its inputs? Compares the manifest's input hashes with the files now.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { FerryError } from '../errors.ts';
import { readManifest } from './load.ts';

export interface Freshness {
  readonly state: 'fresh' | 'stale' | 'missing';
  /** Inputs whose content changed or disappeared. */
  readonly changed: readonly string[];
}

const sha256 = (buf: Buffer): string => createHash('sha256').update(buf).digest('hex');

/** `root` is the project root the manifest's input paths are relative to. */
export async function bundleFreshness(root: string, bundleDir: string): Promise<Freshness> {
  let inputs: Readonly<Record<string, string>>;
  try {
    inputs = (await readManifest(bundleDir)).inputs;
  } catch (err) {
    if (err instanceof FerryError && err.code === 'FERRY_BUNDLE_MISSING') return { state: 'missing', changed: [] };
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
  return { state: changed.length > 0 ? 'stale' : 'fresh', changed: changed.sort() };
}
