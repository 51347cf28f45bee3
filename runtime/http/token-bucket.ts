// Token bucket: at most `ratePerSecond` calls per second, and never more than that in any 1-second window.
import type { Clock } from './clock.ts';
import { realClock } from './clock.ts';
import type { Policy } from './types.ts';

const WINDOW_MS = 1000;

export class TokenBucket {
  private tokens: number;
  private last: number;
  /** Grant times of the last `cap` calls (ring): a new call waits until the oldest is a window old. */
  private readonly grants: Float64Array;
  private head = 0;
  private granted = 0;
  // Serialises waiters so tokens are handed out in arrival order.
  private queue: Promise<void> = Promise.resolve();

  /**
   * `burst` only absorbs timer lateness (default: 50 ms of calls); the bucket starts with one token, so a
   * run does not open with a second's quota at once, and the window check caps every 1-second span.
   */
  constructor(
    private readonly ratePerSecond: number,
    private readonly burst: number = Math.max(1, Math.ceil(ratePerSecond / 20)),
    private readonly clock: Clock = realClock,
  ) {
    this.tokens = Math.min(1, burst);
    this.last = clock.now();
    this.grants = new Float64Array(Math.max(1, Math.floor(ratePerSecond)));
  }

  /**
   * Empties the bucket and accrues nothing until `until` (the end of a Retry-After pause). Without this the
   * bucket refills to its full burst while paused and releases a second's quota at once, re-tripping the 429;
   * drained, only the requests already holding a token (≤ the concurrency cap) go at once, then the steady rate.
   * An arrow property, so registering it twice on one gate registers it once.
   */
  readonly holdUntil = (until: number): void => {
    this.tokens = 0;
    this.last = Math.max(this.last, until);
  };

  private refill(): void {
    const now = this.clock.now();
    if (now <= this.last) return; // inside a hold: nothing accrues
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) / 1000) * this.ratePerSecond);
    this.last = now;
  }

  /** Milliseconds until a call fits both the bucket and the 1-second window (0: now). */
  private wait(): number {
    const now = this.clock.now();
    const held = Math.max(0, this.last - now);
    const forToken = this.tokens >= 1 ? 0 : held + Math.ceil(((1 - this.tokens) / this.ratePerSecond) * 1000);
    const full = this.granted >= this.grants.length;
    const forWindow = full ? Math.max(0, (this.grants[this.head] as number) + WINDOW_MS - now) : 0;
    return Math.max(forToken, forWindow);
  }

  take(): Promise<void> {
    const turn = this.queue.then(async () => {
      this.refill();
      for (let ms = this.wait(); ms > 0; ms = this.wait()) {
        await this.clock.sleep(ms);
        this.refill();
      }
      this.tokens -= 1;
      this.grants[this.head] = this.clock.now();
      this.head = (this.head + 1) % this.grants.length;
      this.granted++;
    });
    this.queue = turn;
    return turn;
  }
}

export const rateLimit =
  (bucket: TokenBucket): Policy =>
  (next) =>
  async (req) => {
    await bucket.take();
    return next(req);
  };
