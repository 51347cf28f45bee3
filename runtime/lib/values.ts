// Value maps (MAP-6) and picklist labels (MAP-7). Tables are plain objects keyed by the source
// value as text (YAML keys are strings), built with a null prototype so '__proto__' is just a key.
import type { Json } from '../contract.ts';

export type Table<V> = Readonly<Record<string, V>>;

/** Builds a lookup table that cannot hit Object.prototype. */
export function table<V>(entries: readonly (readonly [string, V])[]): Table<V> {
  const t = Object.create(null) as Record<string, V>;
  for (const [k, v] of entries) t[k] = v;
  return t;
}

const keyOf = (v: unknown): string | undefined =>
  typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : undefined;

/** Mapped value, or undefined when the value is null or not in the table. */
export function lookup<V extends Json>(t: Table<V>, v: unknown): V | undefined {
  const k = keyOf(v);
  return k === undefined ? undefined : t[k];
}

/** Option label for a picklist value; an unknown value is sent as its number, as text. */
export function label(t: Table<string>, v: unknown): string | null {
  if (v === null || v === undefined) return null;
  const k = keyOf(v);
  return (k === undefined ? undefined : t[k]) ?? String(v);
}
