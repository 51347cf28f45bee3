// A pause shared by every request of one tenant+target: after a 429/503 with Retry-After nothing is sent until it ends.
import type { Clock } from './clock.ts';
import { realClock } from './clock.ts';
import { parseRetryAfter } from './retry-after.ts';
import type { Policy } from './types.ts';

export class PauseGate {
  private until = 0;
  /** Number of pauses taken (for reports). */
  pauses = 0;
  private readonly listeners = new Set<(until: number) => void>();

  constructor(private readonly clock: Clock = realClock) {}

  pause(ms: number): void {
    const until = this.clock.now() + ms;
    if (until > this.until) {
      this.until = until;
      this.pauses++;
      for (const listener of this.listeners) listener(until);
    }
  }

  /** Called with the new end time whenever a pause starts or is extended (the token bucket drains). */
  onPause(listener: (until: number) => void): void {
    this.listeners.add(listener);
  }

  get pausedUntil(): number {
    return this.until;
  }

  /** Resolves once no pause is active (a pause set while waiting extends the wait). */
  async wait(): Promise<void> {
    for (let left = this.until - this.clock.now(); left > 0; left = this.until - this.clock.now()) {
      await this.clock.sleep(left);
    }
  }
}

/** Waits at the gate before each send; a 429 or 503 carrying Retry-After closes it for everyone. */
export const pauseGate =
  (gate: PauseGate, clock: Clock = realClock): Policy =>
  (next) =>
  async (req) => {
    await gate.wait();
    const res = await next(req);
    if (res.status === 429 || res.status === 503) {
      const ms = parseRetryAfter(res.headers['retry-after'], clock.now());
      if (ms !== null) gate.pause(ms);
    }
    return res;
  };
