// Per-run counters; skip reasons (`skipped:<reason>`, fixed texts) and dead-letter codes
// (`deadLettered:<code>`) are kept as keys so history shows why without quoting any record.
import type { ErrorCode } from '../../core/errors.ts';
export const COUNT_KEYS = [
  'read',
  'created',
  'updated',
  'unchanged',
  'deleted',
  'skipped',
  'deadLettered',
  'apiCalls',
  'engineCalls',
  'durationMs',
] as const;
export type CountKey = (typeof COUNT_KEYS)[number];

export class Counts {
  private readonly values = new Map<string, number>(COUNT_KEYS.map((k) => [k, 0]));

  add(key: CountKey, n = 1): void {
    this.values.set(key, (this.values.get(key) ?? 0) + n);
  }

  skip(reason: string): void {
    this.add('skipped');
    this.values.set(`skipped:${reason}`, (this.values.get(`skipped:${reason}`) ?? 0) + 1);
  }

  /** Keyed by the failure's stable code (`deadLettered:FERRY_CAMPAIGN_REJECTED`), never by its message. */
  deadLetter(code: ErrorCode): void {
    this.add('deadLettered');
    this.values.set(`deadLettered:${code}`, (this.values.get(`deadLettered:${code}`) ?? 0) + 1);
  }

  /** Free-form counter (plan categories, reasons). */
  bump(key: string, n = 1): void {
    this.values.set(key, (this.values.get(key) ?? 0) + n);
  }

  get(key: string): number {
    return this.values.get(key) ?? 0;
  }

  set(key: CountKey, n: number): void {
    this.values.set(key, n);
  }

  toJSON(): Record<string, number> {
    return Object.fromEntries(this.values);
  }
}
