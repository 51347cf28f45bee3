// Type conversions (MAP-8): the expression functions toString/toNumber/toBoolean and the writers that
// turn any source value into the wire form of a target slot. Unconvertible data throws TransformError
// (the record is dead-lettered, the flow goes on).
import { TransformError } from '../../core/errors.ts';
import { campaignDateTime, date, dynamicsDateTime } from './date.ts';

const bad = (what: string, v: unknown): TransformError =>
  new TransformError(
    'FERRY_BAD_VALUE',
    `cannot convert ${JSON.stringify(String(v).slice(0, 40))} to ${what}`,
  );

export function toString(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string') return v;
  if (v instanceof Date) return v.toISOString();
  return String(v);
}

export function toNumber(v: unknown): number | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'number') return v;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'string') {
    const t = v.trim();
    if (t === '') return null;
    const n = Number(t);
    if (Number.isFinite(n)) return n;
  }
  throw bad('number', v);
}

const TRUE = new Set(['true', '1', 'yes', 'y', 'on']);
const FALSE = new Set(['false', '0', 'no', 'n', 'off']);

export function toBoolean(v: unknown): boolean | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'boolean') return v;
  if (typeof v === 'number') return v !== 0;
  if (typeof v === 'string') {
    const t = v.trim().toLowerCase();
    if (t === '') return null;
    if (TRUE.has(t)) return true;
    if (FALSE.has(t)) return false;
  }
  throw bad('boolean', v);
}

/** Campaign integer kinds (byte/short/long/int64) and Dynamics Int*: rounds half away from zero. */
export function toInteger(v: unknown): number | null {
  const n = toNumber(v);
  return n === null ? null : Math.sign(n) * Math.round(Math.abs(n));
}

/** Writers per slot kind; `any` values in, JSON-safe values out. */
export const out = {
  string: toString,
  number: toNumber,
  integer: toInteger,
  boolean: toBoolean,
  campaignDate: (v: unknown): string | null => (v == null ? null : date(asDateInput(v))),
  campaignDateTime: (v: unknown): string | null => (v == null ? null : campaignDateTime(asDateInput(v))),
  dynamicsDate: (v: unknown): string | null => (v == null ? null : date(asDateInput(v))),
  dynamicsDateTime: (v: unknown): string | null => (v == null ? null : dynamicsDateTime(asDateInput(v))),
} as const;

function asDateInput(v: unknown): string | Date {
  if (typeof v === 'string' || v instanceof Date) return v;
  throw bad('date', v);
}

/** Rounds to `digits` decimals (half away from zero). */
export function round(v: number | null, digits?: number | null): number | null {
  if (v === null) return null;
  const f = 10 ** Math.trunc(digits ?? 0);
  return (Math.sign(v) * Math.round(Math.abs(v) * f)) / f;
}
