// Retries with exponential backoff and full jitter; Retry-After answers wait at the pause gate instead.
import { classify, isIdempotent } from '../../core/errors.ts';
import type { Clock } from './clock.ts';
import { realClock } from './clock.ts';
import { MAX_THROTTLED_TRIES, PauseBudget } from './pause-budget.ts';
import { parseRetryAfter } from './retry-after.ts';
import type { Policy } from './types.ts';

export interface RetryOptions {
  /** Total tries including the first, answers with Retry-After not counted (the pause budget bounds those). Default 6. */
  readonly maxAttempts?: number;
  /** Total Retry-After wait shared by the requests of a run; default 5 minutes for this policy alone. */
  readonly pauseBudget?: PauseBudget;
  readonly baseDelayMs?: number;
  readonly maxDelayMs?: number;
  readonly clock?: Clock;
  /** [0, 1); injectable for tests. */
  readonly random?: () => number;
  /** Called before each backoff sleep (logging, metrics). */
  readonly onRetry?: (info: { attempt: number; delayMs: number; status: number | undefined }) => void;
}

/** Full jitter: uniform in [0, min(max, base * 2^(attempt-1))]. */
export const backoffDelay = (attempt: number, base: number, max: number, random: () => number): number =>
  Math.floor(random() * Math.min(max, base * 2 ** (attempt - 1)));

export const retry = (opts: RetryOptions = {}): Policy => {
  const max = opts.maxAttempts ?? 6;
  const base = opts.baseDelayMs ?? 500;
  const cap = opts.maxDelayMs ?? 30_000;
  const clock = opts.clock ?? realClock;
  const random = opts.random ?? Math.random;
  const budget = opts.pauseBudget ?? new PauseBudget();
  return (next) => async (req) => {
    // `attempt` counts failures without Retry-After; a throttled answer costs pause budget instead.
    for (let attempt = 1, tries = 1; ; tries++) {
      let status: number | undefined;
      try {
        const res = await next(req);
        // Which statuses are resent, and when a POST is (never after it may have been applied): core/errors/wire.ts.
        const { resend } = classify(res.status, { method: req.method, idempotent: req.idempotent });
        if (!resend) return res;
        status = res.status;
        // With Retry-After the gate already holds every request; without it, back off ourselves.
        const pauseMs = parseRetryAfter(res.headers['retry-after'], clock.now());
        if (pauseMs !== null) {
          if (tries >= MAX_THROTTLED_TRIES || !budget.spend(pauseMs, clock.now())) return res;
          opts.onRetry?.({ attempt: tries, delayMs: 0, status });
          continue;
        }
        if (attempt >= max) return res;
      } catch (err) {
        // A dropped connection may come after the server applied the request: resend only what is idempotent.
        if (!classify(err).retryable || !isIdempotent(req) || attempt >= max) throw err;
      }
      const delayMs = backoffDelay(attempt, base, cap, random);
      opts.onRetry?.({ attempt: tries, delayMs, status });
      attempt++;
      await clock.sleep(delayMs);
    }
  };
};
