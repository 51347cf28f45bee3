// 64-bit hashes of keys and of live field values: what the key index stores instead of strings.
import { createHash } from 'node:crypto';
import { canonicalJson } from '../../../lib/hash.ts';
import { isTimestampText, parseTimestamp } from '../../../../core/time.ts';

/** Sort hash (hi, lo) and an independent 32-bit check that tells two keys with one sort hash apart. */
export interface KeyHash {
  readonly hi: number;
  readonly lo: number;
  readonly check: number;
}

export function keyHash(key: string): KeyHash {
  const d = createHash('sha1').update(key).digest();
  return { hi: d.readUInt32BE(0), lo: d.readUInt32BE(4), check: d.readUInt32BE(8) };
}

/** One value as the comparison sees it: links by PKey, datetimes by instant, the rest as canonical JSON. */
function norm(v: unknown): string {
  if (v === null || v === undefined) return 'n';
  if (typeof v === 'object' && !Array.isArray(v) && 'PKey' in v)
    return `k${String((v as { PKey: unknown }).PKey)}`;
  if (typeof v === 'string' && isTimestampText(v)) {
    const t = parseTimestamp(v);
    if (t !== null) return `t${t.getTime()}`;
  }
  return `j${canonicalJson(v)}`;
}

/** Hash of `fields` (sorted) read through `get`: equal hashes mean every field has the same value. */
export function contentHash(fields: readonly string[], get: (field: string) => unknown): [number, number] {
  const h = createHash('sha1');
  for (const f of fields) h.update(`${f}\u0000${norm(get(f))}\u0001`);
  const d = h.digest();
  return [d.readUInt32BE(0), d.readUInt32BE(4)];
}
