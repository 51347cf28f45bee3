// Comparing a write body with the record the API returned.
import type { Json } from '../../contract.ts';

/** Links are written as {"PKey": "@…"} but read back with an href as well: compare PKeys only. */
export function sameValue(current: Json | undefined, next: Json): boolean {
  if (next !== null && typeof next === 'object' && !Array.isArray(next) && 'PKey' in next) {
    const cur = current as { PKey?: unknown } | null | undefined;
    return cur !== null && typeof cur === 'object' && cur.PKey === (next as { PKey: unknown }).PKey;
  }
  return JSON.stringify(current ?? null) === JSON.stringify(next);
}
