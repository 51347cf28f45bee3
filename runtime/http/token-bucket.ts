// Token bucket: at most `ratePerSecond` calls per second on average, bursts up to `burst`.
import type { Clock } from './clock.ts';
import { realClock } from './clock.ts';
import type { Policy } from './types.ts';

export class TokenBucket {
  private tokens: number;
  private last: number;
  // Serialises waiters so tokens are handed out in arrival order.
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly ratePerSecond: number,
    private readonly burst: number = Math.max(1, ratePerSecond),
    private readonly clock: Clock = realClock,
  ) {
    this.tokens = burst;
    this.last = clock.now();
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

  take(): Promise<void> {
    const turn = this.queue.then(async () => {
      this.refill();
      while (this.tokens < 1) {
        const held = Math.max(0, this.last - this.clock.now());
        await this.clock.sleep(held + Math.ceil(((1 - this.tokens) / this.ratePerSecond) * 1000));
        this.refill();
      }
      this.tokens -= 1;
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
