// After a Retry-After pause the Campaign pipeline resumes at the steady rate, not with a full burst.
import { describe, expect, it } from 'vitest';
import { campaignPipeline } from '../../runtime/http/pipeline.ts';
import { Limiter, PauseGate, TokenBucket } from '../../runtime/http/index.ts';
import type { Clock } from '../../runtime/http/clock.ts';
import type { HttpResponse } from '../../runtime/http/index.ts';

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

const res = (status: number, headers: Record<string, string> = {}): HttpResponse => ({
  status,
  headers,
  body: '',
  url: 'https://x/',
});

async function sendTimes(): Promise<{ times: number[]; pauseEnd: number }> {
  const clock = timerClock();
  const gate = new PauseGate(clock);
  const bucket = new TokenBucket(10, 10, clock);
  const times: number[] = [];
  let first = true;
  const send = campaignPipeline({
    home: 'https://x',
    transport: async () => {
      times.push(clock.now());
      if (first) {
        first = false;
        return res(429, { 'retry-after': '5' });
      }
      return res(200);
    },
    tokens: { getToken: async () => 't' },
    apiKey: 'k',
    gate,
    limiter: new Limiter(2),
    bucket,
    clock,
    retry: { random: () => 0 },
  });
  await send({ method: 'GET', url: 'https://x/first' }); // takes the 429, pauses 5 s, then retries
  const pauseEnd = gate.pausedUntil;
  await Promise.all(Array.from({ length: 12 }, (_, i) => send({ method: 'GET', url: `https://x/${i}` })));
  return { times, pauseEnd };
}

describe('token bucket across a Retry-After pause', () => {
  it('drains when the pause starts: after it, calls are paced at callsPerSecond instead of a 10-call burst', async () => {
    const { times, pauseEnd } = await sendTimes();
    expect(times).toHaveLength(14);
    expect(Math.min(...times.slice(1))).toBeGreaterThanOrEqual(pauseEnd); // nothing is sent during the pause
    // Without the drain the bucket refills to 10 while paused and ~10 calls leave at the pause's end.
    const firstTenth = times.slice(1).filter((t) => t < pauseEnd + 100).length;
    expect(firstTenth).toBeLessThanOrEqual(1);
    // 13 calls after the pause at 10/s: about 1.2 s, not instantly.
    expect(Math.max(...times) - pauseEnd).toBeGreaterThanOrEqual(1100);
  });

  it('a hold keeps the bucket empty until its end, then refills at the steady rate', async () => {
    const clock = timerClock();
    const bucket = new TokenBucket(10, 10, clock);
    const t0 = clock.now();
    bucket.holdUntil(t0 + 3000);
    await bucket.take();
    expect(clock.now() - t0).toBe(3100);
  });
});
