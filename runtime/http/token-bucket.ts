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

  private refill(): void {
    const now = this.clock.now();
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) / 1000) * this.ratePerSecond);
    this.last = now;
  }

  take(): Promise<void> {
    const turn = this.queue.then(async () => {
      this.refill();
      while (this.tokens < 1) {
        await this.clock.sleep(Math.ceil(((1 - this.tokens) / this.ratePerSecond) * 1000));
        this.refill();
      }
      this.tokens -= 1;
    });
    this.queue = turn;
    return turn;
  }
}

export const rateLimit = (bucket: TokenBucket): Policy => (next) => async (req) => {
  await bucket.take();
  return next(req);
};
