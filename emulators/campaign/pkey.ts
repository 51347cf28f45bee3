// Opaque PKeys ("@…"): decodable by the emulator only, so a forged or garbled key is told apart from a deleted one.
import { toSeed } from '../common/prng.ts';

const tag = (seed: number, resource: string, seq: number): string =>
  toSeed(`${seed}|${resource}|${seq}`).toString(36).padStart(7, '0');

export function makePKey(seed: number, resource: string, seq: number): string {
  return `@${Buffer.from(`${tag(seed, resource, seq)}.${resource}.${seq}.${tag(seed ^ 0x5bd1e995, resource, seq)}`).toString('base64url')}`;
}

/** The sequence number a PKey of `resource` encodes, or undefined when it is not one of ours. */
export function decodePKey(seed: number, resource: string, pkey: string): number | undefined {
  if (!pkey.startsWith('@')) return undefined;
  const parts = Buffer.from(pkey.slice(1), 'base64url').toString('utf8').split('.');
  const seq = Number(parts[2]);
  if (parts.length !== 4 || parts[1] !== resource || !Number.isSafeInteger(seq)) return undefined;
  return makePKey(seed, resource, seq) === pkey ? seq : undefined;
}

/** `_lineStart` cursor: opaque to clients, as in the real API (reference §4). */
export function encodeCursor(kind: 's' | 'o', n: number): string {
  return `@${Buffer.from(`${kind}${n}:${toSeed(`${kind}${n}`).toString(36)}`).toString('base64url')}`;
}

export function decodeCursor(cursor: string): { kind: 's' | 'o'; n: number } | undefined {
  if (!cursor.startsWith('@')) return undefined;
  const m = /^([so])(\d+):([0-9a-z]+)$/.exec(Buffer.from(cursor.slice(1), 'base64url').toString('utf8'));
  if (!m || toSeed(`${m[1]}${m[2]}`).toString(36) !== m[3]) return undefined;
  return { kind: m[1] as 's' | 'o', n: Number(m[2]) };
}
