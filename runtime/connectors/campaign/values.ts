// Comparing a write body with the record the API returned, and Campaign's timestamp format.
import type { Json } from '../../contract.ts';

/** Links are written as {"PKey": "@…"} but read back with an href as well: compare PKeys only. */
export function sameValue(current: Json | undefined, next: Json): boolean {
  if (next !== null && typeof next === 'object' && !Array.isArray(next) && 'PKey' in next) {
    const cur = current as { PKey?: unknown } | null | undefined;
    return cur !== null && typeof cur === 'object' && cur.PKey === (next as { PKey: unknown }).PKey;
  }
  return JSON.stringify(current ?? null) === JSON.stringify(next);
}

/** `2019-09-25 23:20:35.000Z` (or ISO) -> Date; null when absent or unparsable. */
export function parseCampaignTime(v: Json | undefined): Date | null {
  if (typeof v !== 'string' || v === '') return null;
  const d = new Date(v.includes('T') ? v : v.replace(' ', 'T'));
  return Number.isNaN(d.getTime()) ? null : d;
}
