// A virtual clock whose sleep() advances time at once and records the delays.
import type { Clock } from '../../runtime/http/clock.ts';

export interface FakeClock extends Clock {
  readonly sleeps: number[];
  advance(ms: number): void;
}

export function fakeClock(start = 1_000_000): FakeClock {
  let t = start;
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => t,
    advance(ms) {
      t += ms;
    },
    async sleep(ms) {
      sleeps.push(ms);
      t += Math.max(0, ms);
      // Yield like a real timer would, so other waiters interleave.
      await new Promise((r) => setImmediate(r));
    },
  };
}
