// Retries with exponential backoff and full jitter; Retry-After answers wait at the pause gate instead.
import { HttpError } from '../../core/errors.ts';
import type { Clock } from './clock.ts';
import { realClock } from './clock.ts';
import { parseRetryAfter } from './retry-after.ts';
import type { Policy } from './types.ts';
import { isIdempotent } from './types.ts';

export interface RetryOptions {
  /** Total tries including the first. Default 6. */
  readonly maxAttempts?: number;
  readonly baseDelayMs?: number;
  readonly maxDelayMs?: number;
  readonly clock?: Clock;
  /** [0, 1); injectable for tests. */
  readonly random?: () => number;
  /** Called before each backoff sleep (logging, metrics). */
  readonly onRetry?: (info: { attempt: number; delayMs: number; status: number | undefined }) => void;
}

// 500 is left out: both APIs answer deterministic data errors with it (Campaign engine errors, Dynamics plug-ins).
const TRANSIENT = new Set([408, 429, 502, 503, 504]);
// The server refused these before doing any work, so even a POST may be resent.
const REFUSED = new Set([429, 503]);

/** Full jitter: uniform in [0, min(max, base * 2^(attempt-1))]. */
export const backoffDelay = (attempt: number, base: number, max: number, random: () => number): number =>
  Math.floor(random() * Math.min(max, base * 2 ** (attempt - 1)));

export const retry = (opts: RetryOptions = {}): Policy => {
  const max = opts.maxAttempts ?? 6;
  const base = opts.baseDelayMs ?? 500;
  const cap = opts.maxDelayMs ?? 30_000;
  const clock = opts.clock ?? realClock;
  const random = opts.random ?? Math.random;
  return (next) => async (req) => {
    for (let attempt = 1; ; attempt++) {
      let status: number | undefined;
      try {
        const res = await next(req);
        const retryable = TRANSIENT.has(res.status) && (isIdempotent(req) || REFUSED.has(res.status));
        if (!retryable || attempt >= max) return res;
        status = res.status;
        // With Retry-After the gate already holds every request; without it, back off ourselves.
        if (parseRetryAfter(res.headers['retry-after'], clock.now()) !== null) {
          opts.onRetry?.({ attempt, delayMs: 0, status });
          continue;
        }
      } catch (err) {
        if (!(err instanceof HttpError) || !err.retryable || !isIdempotent(req) || attempt >= max) throw err;
      }
      const delayMs = backoffDelay(attempt, base, cap, random);
      opts.onRetry?.({ attempt, delayMs, status });
      await clock.sleep(delayMs);
    }
  };
};
