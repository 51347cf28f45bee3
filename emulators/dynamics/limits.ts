// Service protection limits per caller over a sliding window (§11): requests, execution time, concurrency.
import type { Clock } from '../common/clock.ts';

export interface ServiceLimitOptions {
  /** Requests per window (default 6000). */
  readonly requests?: number;
  /** Window length in seconds (default 300). */
  readonly windowSeconds?: number;
  /** Concurrent requests (default 52). */
  readonly concurrency?: number;
  /** Combined execution time per window in ms (default 1,200,000). */
  readonly executionMs?: number;
  /** Value of `x-ms-dop-hint` (not in the reference's defaults; 8 chosen). */
  readonly dopHint?: number;
}

export type Admission =
  | { readonly ok: true; release(execMs: number): void }
  | {
      readonly ok: false;
      readonly code: string;
      readonly message: string;
      readonly retryAfterSeconds: number;
    };

interface Caller {
  starts: number[];
  head: number;
  execs: { t: number; ms: number }[];
  execHead: number;
  execSum: number;
  active: number;
}

const fmt = (n: number) => n.toLocaleString('en-US');

export class ServiceLimits {
  readonly requests: number;
  readonly windowMs: number;
  readonly concurrency: number;
  readonly executionMs: number;
  readonly dopHint: number;
  private readonly callers = new Map<string, Caller>();
  /** 429s answered, by error code. */
  readonly rejected: Record<string, number> = {};

  constructor(
    opts: ServiceLimitOptions,
    private readonly clock: Clock,
  ) {
    this.requests = opts.requests ?? 6000;
    this.windowMs = (opts.windowSeconds ?? 300) * 1000;
    this.concurrency = opts.concurrency ?? 52;
    this.executionMs = opts.executionMs ?? 1_200_000;
    this.dopHint = opts.dopHint ?? 8;
  }

  private caller(subject: string): Caller {
    let c = this.callers.get(subject);
    if (!c) {
      c = { starts: [], head: 0, execs: [], execHead: 0, execSum: 0, active: 0 };
      this.callers.set(subject, c);
    }
    const from = this.clock.now() - this.windowMs;
    while (c.head < c.starts.length && (c.starts[c.head] as number) <= from) c.head++;
    while (c.execHead < c.execs.length && (c.execs[c.execHead]?.t as number) <= from)
      c.execSum -= (c.execs[c.execHead++] as { ms: number }).ms;
    // Drop consumed prefixes now and then so arrays stay bounded by the window.
    if (c.head > 4096) {
      c.starts = c.starts.slice(c.head);
      c.head = 0;
    }
    if (c.execHead > 4096) {
      c.execs = c.execs.slice(c.execHead);
      c.execHead = 0;
    }
    return c;
  }

  admit(subject: string): Admission {
    const c = this.caller(subject);
    const now = this.clock.now();
    const windowSeconds = this.windowMs / 1000;
    const reject = (code: string, message: string, retryAfterMs: number): Admission => {
      this.rejected[code] = (this.rejected[code] ?? 0) + 1;
      return { ok: false, code, message, retryAfterSeconds: Math.max(1, Math.ceil(retryAfterMs / 1000)) };
    };
    if (c.active >= this.concurrency)
      return reject(
        '0x80072326',
        `Number of concurrent requests exceeded the limit of ${this.concurrency}.`,
        1000,
      );
    if (c.starts.length - c.head >= this.requests) {
      const oldest = c.starts[c.head] as number;
      return reject(
        '0x80072322',
        `Number of requests exceeded the limit of ${fmt(this.requests).replace(/,/g, '')} over time window of ${windowSeconds} seconds.`,
        oldest + this.windowMs - now,
      );
    }
    if (c.execSum >= this.executionMs) {
      const oldest = c.execs[c.execHead]?.t ?? now;
      return reject(
        '0x80072321',
        // Two spaces before "milliseconds", as in the documented message.
        `Combined execution time of incoming requests exceeded limit of ${fmt(this.executionMs)}  milliseconds over time window of ${windowSeconds} seconds. Decrease number of concurrent requests or reduce the duration of requests and try again later.`,
        oldest + this.windowMs - now,
      );
    }
    c.starts.push(now);
    c.active++;
    let released = false;
    return {
      ok: true,
      release: (execMs: number) => {
        if (released) return;
        released = true;
        c.active--;
        c.execs.push({ t: this.clock.now(), ms: execMs });
        c.execSum += execMs;
      },
    };
  }

  headers(subject: string): Record<string, string> {
    const c = this.caller(subject);
    const remaining = Math.max(0, this.requests - (c.starts.length - c.head));
    const timeLeft = Math.max(0, this.executionMs - c.execSum);
    return {
      'x-ms-ratelimit-burst-remaining-xrm-requests': String(remaining),
      'x-ms-ratelimit-time-remaining-xrm-requests': timeLeft.toLocaleString('en-US', {
        minimumFractionDigits: 2,
        maximumFractionDigits: 2,
      }),
      'x-ms-dop-hint': String(this.dopHint),
    };
  }
}
