// Checks a bundle folder against its manifest.json before anything of it runs: every listed file has
// the bytes the compiler wrote, and bundleHash matches the manifest itself. A mismatch is refused.
import { readFile } from 'node:fs/promises';
import { isAbsolute, join, normalize } from 'node:path';
import type { Manifest } from '../contract.ts';
import { ConfigError } from '../../core/errors.ts';
import { manifestHash, sha256 } from './digest.ts';

const TAMPERED = 'FERRY_BUNDLE_TAMPERED';
const HINT = 'recompile it with ferry compile, or restore the files the compiler wrote';

export async function verifyBundle(dir: string, manifest: Manifest): Promise<void> {
  // A manifest without file hashes comes from an older compiler: nothing to check against.
  if (
    typeof manifest.files !== 'object' ||
    manifest.files === null ||
    typeof manifest.bundleHash !== 'string'
  )
    throw new ConfigError(
      'FERRY_BUNDLE_INVALID',
      `${join(dir, 'manifest.json')} lists no file hashes (compiled by an older ferry): recompile it`,
    );
  const { bundleHash, ...body } = manifest;
  if (manifestHash(body) !== bundleHash)
    throw new ConfigError(TAMPERED, `${join(dir, 'manifest.json')} was changed after compile: ${HINT}`, {
      details: { file: 'manifest.json' },
    });
  const needed = ['index.js', ...manifest.flows.map((f) => f.module)];
  for (const name of needed)
    if (!(name in manifest.files))
      throw new ConfigError(TAMPERED, `${join(dir, 'manifest.json')} does not list ${name}: ${HINT}`, {
        details: { file: name },
      });
  for (const [name, expected] of Object.entries(manifest.files)) {
    // Only files inside the bundle folder: a listed path must not climb out of it.
    if (isAbsolute(name) || normalize(name).startsWith('..'))
      throw new ConfigError(TAMPERED, `${join(dir, 'manifest.json')} lists ${name}, outside the bundle`, {
        details: { file: name },
      });
    const bytes = await readFile(join(dir, name)).catch(() => null);
    if (bytes === null || sha256(bytes) !== expected)
      throw new ConfigError(
        TAMPERED,
        `${join(dir, name)} ${bytes === null ? 'is missing' : 'does not match manifest.json'}: ${HINT}`,
        { details: { file: name } },
      );
  }
}
