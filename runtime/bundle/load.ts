// Loads a compiled bundle: dist/<tenant>/manifest.json, every file checked against it, then index.js
// (default export: Bundle) imported under the bundle's hash.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Bundle, Manifest } from '../contract.ts';
import { ConfigError } from '../../core/errors.ts';
import { BUNDLE_TAG, installBundleResolver } from './resolve-hook.ts';
import { verifyBundle } from './verify.ts';

export interface LoadedBundle {
  readonly bundle: Bundle;
  readonly manifest: Manifest;
  readonly dir: string;
}

export async function readManifest(dir: string): Promise<Manifest> {
  const file = join(dir, 'manifest.json');
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new ConfigError('FERRY_BUNDLE_MISSING', `no compiled bundle at ${dir} (run ferry compile)`, {
      cause: err,
    });
  }
  let m: unknown;
  try {
    m = JSON.parse(text);
  } catch (err) {
    throw new ConfigError('FERRY_BUNDLE_INVALID', `${file} is not valid JSON`, { cause: err });
  }
  if (!isManifest(m))
    throw new ConfigError(
      'FERRY_BUNDLE_INVALID',
      `${file} is not a ferry manifest (missing tenant, inputs, fingerprints or flows)`,
    );
  return m;
}

function isManifest(m: unknown): m is Manifest {
  if (m === null || typeof m !== 'object') return false;
  const o = m as Record<string, unknown>;
  return (
    typeof o['tenant'] === 'string' &&
    typeof o['inputs'] === 'object' &&
    typeof o['fingerprints'] === 'object' &&
    Array.isArray(o['flows'])
  );
}

export async function loadBundle(dir: string): Promise<LoadedBundle> {
  const manifest = await readManifest(dir);
  await verifyBundle(dir, manifest);
  installBundleResolver();
  // The bundle hash in the URL (and, through the resolver, in every module's) makes a recompiled
  // bundle load fresh in a long-running process.
  const url = `${pathToFileURL(join(dir, 'index.js')).href}?${BUNDLE_TAG}=${manifest.bundleHash}`;
  let mod: { default?: unknown };
  try {
    mod = (await import(url)) as { default?: unknown };
  } catch (err) {
    throw new ConfigError(
      'FERRY_BUNDLE_INVALID',
      `cannot load ${join(dir, 'index.js')}: ${err instanceof Error ? err.message : String(err)}`,
      { cause: err },
    );
  }
  const bundle = mod.default as Bundle | undefined;
  if (bundle === undefined || !Array.isArray(bundle.flows))
    throw new ConfigError(
      'FERRY_BUNDLE_INVALID',
      `${join(dir, 'index.js')} has no default export with flows`,
    );
  if (bundle.tenant !== manifest.tenant)
    throw new ConfigError(
      'FERRY_BUNDLE_INVALID',
      `bundle is for tenant ${bundle.tenant}, manifest says ${manifest.tenant}`,
    );
  return { bundle, manifest, dir };
}
