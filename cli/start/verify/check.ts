// One verification line: what was checked, how many items, and the first few failures.
import { isTimestampText, timestampMillis } from '../../../core/time.ts';

export interface Check {
  readonly name: string;
  readonly count: number;
  readonly failures: readonly string[];
  /** Total failures (failures[] keeps only the first few). */
  readonly failed: number;
}

const SHOWN = 5;

export class CheckBuilder {
  private n = 0;
  private readonly shown: string[] = [];
  private bad = 0;
  constructor(readonly name: string) {}

  /** Counts one item; records `failure` when it is not null. */
  item(failure: string | null): void {
    this.n++;
    if (failure === null) return;
    this.bad++;
    if (this.shown.length < SHOWN) this.shown.push(failure);
  }

  done(): Check {
    return { name: this.name, count: this.n, failures: this.shown, failed: this.bad };
  }
}

export const passed = (c: Check): boolean => c.failed === 0;

/** Values as both APIs would compare them: canonical JSON, date-times at second precision. */
export function sameValue(actual: unknown, expected: unknown): boolean {
  const a = norm(actual);
  const e = norm(expected);
  return JSON.stringify(a) === JSON.stringify(e);
}

function norm(v: unknown): unknown {
  if (v === undefined) return null;
  if (v instanceof Date) return Math.floor(v.getTime() / 1000);
  if (typeof v === 'string' && isTimestampText(v)) {
    const t = timestampMillis(v);
    if (!Number.isNaN(t)) return Math.floor(t / 1000);
  }
  if (Array.isArray(v)) return v.map(norm);
  if (v !== null && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return Object.fromEntries(
      Object.keys(o)
        .sort()
        .map((k) => [k, norm(o[k])]),
    );
  }
  return v;
}

export const show = (v: unknown): string => JSON.stringify(v ?? null);
