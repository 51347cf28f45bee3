// The bundle's hashes, one definition for the compiler that writes manifest.json and the runtime that
// checks it: sha256 per file (listed in the manifest), and bundleHash over the manifest's own content
// (which lists those file hashes), so a change to any file or to the manifest changes it.
import { createHash } from 'node:crypto';
import type { Manifest } from '../contract.ts';

export const sha256 = (bytes: string | Buffer): string => createHash('sha256').update(bytes).digest('hex');

/** The manifest without its bundleHash, serialized as manifest.json is written. */
export function manifestHash(body: Omit<Manifest, 'bundleHash'>): string {
  return sha256(JSON.stringify(body, null, 2));
}
