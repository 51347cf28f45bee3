// Stable change hash: sha256 over canonical JSON (codepoint-sorted keys, no whitespace) of the hash
// fields of a mapped record. Missing fields hash as null so adding a null field changes nothing.
import { hash } from 'node:crypto';
import { codepointCompare } from './sort.ts';

export function canonicalJson(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'number') return Number.isFinite(v) ? JSON.stringify(v) : 'null';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (v instanceof Date) return JSON.stringify(v.toISOString());
  // Built by concatenation, without an intermediate array per value (this runs for every record written).
  if (Array.isArray(v)) {
    let out = '[';
    for (let i = 0; i < v.length; i++) out += (i === 0 ? '' : ',') + canonicalJson(v[i]);
    return `${out}]`;
  }
  const o = v as Record<string, unknown>;
  const keys = Object.keys(o);
  if (!inOrder(keys)) keys.sort(codepointCompare);
  let out = '{';
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i] as string;
    out += `${i === 0 ? '' : ','}${JSON.stringify(k)}:${canonicalJson(o[k])}`;
  }
  return `${out}}`;
}

/** Keys already in codepoint order (most mapped records) need no sort. */
function inOrder(keys: readonly string[]): boolean {
  for (let i = 1; i < keys.length; i++)
    if (codepointCompare(keys[i - 1] as string, keys[i] as string) > 0) return false;
  return true;
}

/**
 * First 64 bits (16 hex digits) of the sha256 of the hash fields of `rec` (fields already codepoint-sorted by
 * the compiler): it only tells whether one record changed since its last write, and the ledger stores 8 bytes.
 */
export function changeHash(rec: Readonly<Record<string, unknown>>, fields: readonly string[]): string {
  const picked: Record<string, unknown> = {};
  for (const f of fields) picked[f] = rec[f] ?? null;
  // One-shot hash(): same digest as createHash().update().digest(), without a Hash object per record.
  return textHash(canonicalJson(picked));
}

/** First 64 bits (16 hex digits) of the sha256 of a text, for a value already serialized in a fixed order. */
export function textHash(text: string): string {
  return hash('sha256', text, 'hex').slice(0, 16);
}

/** sha256 (base64) of a value's canonical JSON: tells whether a whole value changed without keeping it. */
export function canonicalDigest(v: unknown): string {
  return hash('sha256', canonicalJson(v), 'base64');
}
