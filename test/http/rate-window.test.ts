// The Campaign calls/s cap: no opening burst, never above it in any 1-second window, close to it when busy.
import { describe, expect, it } from 'vitest';
import { RateSizedLimit, TokenBucket, compose, rateLimit } from '../../runtime/http/index.ts';
import type { Clock, HttpResponse } from '../../runtime/http/index.ts';

/** Timers fire in deadline order and time jumps to each deadline (concurrent sleeps overlap, as real ones do). */
function timerClock(start = 1_000_000): Clock {
  let t = start;
  const timers: { at: number; fire: () => void }[] = [];
  const tick = (): void => {
    if (timers.length === 0) return;
    timers.sort((a, b) => a.at - b.at);
    const next = timers.shift() as { at: number; fire: () => void };
    t = Math.max(t, next.at);
    next.fire();
    setImmediate(tick);
  };
  return {
    now: () => t,
    sleep: (ms) =>
      new Promise<void>((fire) => {
        timers.push({ at: t + Math.max(0, ms), fire });
        setImmediate(tick);
      }),
  };
}

const ok: HttpResponse = { status: 200, headers: {}, body: '', url: 'https://x/' };

/** Sends `n` requests at once through `bucket`; returns when each reached the wire. */
async function sendTimes(clock: Clock, bucket: TokenBucket, n: number): Promise<number[]> {
  const times: number[] = [];
  const send = compose(async () => {
    times.push(clock.now());
    return ok;
  }, rateLimit(bucket));
  await Promise.all(Array.from({ length: n }, () => send({ method: 'GET', url: 'https://x/a' })));
  return times;
}

/** Most requests that started inside any half-open 1-second window. */
function busiestWindow(times: readonly number[]): number {
  let most = 0;
  for (let i = 0, j = 0; i < times.length; i++) {
    while ((times[i] as number) - (times[j] as number) >= 1000) j++;
    most = Math.max(most, i - j + 1);
  }
  return most;
}

describe('Campaign rate cap', () => {
  it('opens without a burst: the first second carries the rate, spread over it', async () => {
    const clock = timerClock();
    const times = await sendTimes(clock, new TokenBucket(20, undefined, clock), 20);
    const t0 = times[0] as number;
    expect(times.filter((t) => t - t0 < 100).length).toBeLessThanOrEqual(3);
    expect(busiestWindow(times)).toBeLessThanOrEqual(20);
  });

  it('is never exceeded in any 1-second window, even with a large burst allowance and after idle time', async () => {
    const clock = timerClock();
    const bucket = new TokenBucket(10, 10, clock);
    const first = await sendTimes(clock, bucket, 35);
    await clock.sleep(5_000); // the bucket refills to its burst while idle
    const second = await sendTimes(clock, bucket, 35);
    const all = [...first, ...second];
    expect(busiestWindow(all)).toBe(10);
    // Control: the window check is what holds a refilled burst back (a burst of 10 plus the rate would be 19).
    expect(all.length).toBe(70);
  });

  it('uses the cap when demand exceeds it (≥ 0.95 of calls/s over the run)', async () => {
    const clock = timerClock();
    const times = await sendTimes(clock, new TokenBucket(50, undefined, clock), 500);
    const seconds = ((times.at(-1) as number) - (times[0] as number)) / 1000;
    expect((times.length - 1) / seconds).toBeGreaterThanOrEqual(0.95 * 50);
    expect(busiestWindow(times)).toBeLessThanOrEqual(50);
  });
});

describe('rate-sized concurrency', () => {
  it('follows rate × latency (twice it, plus 2), within the service limit', () => {
    const sizer = new RateSizedLimit(100, 32);
    expect(sizer.limiter.limit).toBe(32);
    for (let i = 0; i < 50; i++) sizer.observe(100); // 100/s × 0.1 s = 10 in flight
    expect(sizer.limiter.limit).toBe(22);
    for (let i = 0; i < 50; i++) sizer.observe(2_000); // would need 300
    expect(sizer.limiter.limit).toBe(32);
    for (let i = 0; i < 80; i++) sizer.observe(5);
    expect(sizer.limiter.limit).toBe(4);
  });
});
