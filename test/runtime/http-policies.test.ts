import { describe, expect, it } from 'vitest';
import { AuthError, HttpError } from '../../core/errors.ts';
import {
  Aimd,
  PauseGate,
  TokenBucket,
  adaptiveConcurrency,
  bearer,
  compose,
  limit,
  Limiter,
  parseRetryAfter,
  pauseGate,
  rateLimit,
  retry,
} from '../../runtime/http/index.ts';
import type { HttpRequest, HttpResponse, Send } from '../../runtime/http/index.ts';
import { fakeClock } from './fake-clock.ts';

const res = (status: number, headers: Record<string, string> = {}): HttpResponse => ({
  status,
  headers,
  body: '',
  url: 'https://x/',
});
const get: HttpRequest = { method: 'GET', url: 'https://x/a' };
const HOME = { home: 'https://x', service: 'Test' };

/** A transport answering from a script, then 200. */
const scripted = (script: (HttpResponse | Error)[]): Send & { calls: number } => {
  const f = Object.assign(
    async (): Promise<HttpResponse> => {
      f.calls++;
      const next = script.shift();
      if (next instanceof Error) throw next;
      return next ?? res(200);
    },
    { calls: 0 },
  );
  return f;
};

describe('retry', () => {
  it('backs off exponentially with full jitter on 503/502/504/408 and network errors, never 500', async () => {
    const clock = fakeClock();
    const t = scripted([
      res(503),
      new HttpError('FERRY_HTTP_NETWORK', 'reset', { details: { code: 'ECONNRESET' } }),
      res(504),
      res(408),
    ]);
    const send = compose(t, retry({ clock, random: () => 0.5, baseDelayMs: 100, maxDelayMs: 500 }));
    expect((await send(get)).status).toBe(200);
    expect(t.calls).toBe(5);
    expect(clock.sleeps).toEqual([50, 100, 200, 250]);
  });

  it('gives up after maxAttempts and returns the last response', async () => {
    const clock = fakeClock();
    const t = scripted([res(502), res(502), res(502), res(502)]);
    const send = compose(t, retry({ clock, maxAttempts: 3 }));
    expect((await send(get)).status).toBe(502);
    expect(t.calls).toBe(3);
  });

  it('does not resend a POST after a 5xx or network error, but does after 429', async () => {
    const clock = fakeClock();
    const post: HttpRequest = { method: 'POST', url: 'https://x/p', body: '{}' };
    const t1 = scripted([res(500)]);
    expect((await compose(t1, retry({ clock }))(post)).status).toBe(500);
    const t2 = scripted([new HttpError('FERRY_HTTP_NETWORK', 'reset', { details: { code: 'ECONNRESET' } })]);
    await expect(compose(t2, retry({ clock }))(post)).rejects.toBeInstanceOf(HttpError);
    expect(t2.calls).toBe(1);
    const t3 = scripted([res(429)]);
    expect((await compose(t3, retry({ clock }))(post)).status).toBe(200);
    // $batch of idempotent upserts may opt in.
    const t4 = scripted([res(502)]);
    expect((await compose(t4, retry({ clock }))({ ...post, idempotent: true })).status).toBe(200);
  });

  it('does not retry 400/404/412/500', async () => {
    for (const status of [400, 404, 412, 500]) {
      const t = scripted([res(status)]);
      expect((await compose(t, retry({ clock: fakeClock() }))(get)).status).toBe(status);
      expect(t.calls).toBe(1);
    }
  });
});

describe('Retry-After pause gate', () => {
  it('parses seconds and HTTP dates', () => {
    expect(parseRetryAfter('7', 0)).toBe(7000);
    expect(parseRetryAfter('Thu, 01 Jan 1970 00:00:10 GMT', 4000)).toBe(6000);
    expect(parseRetryAfter('soon', 0)).toBeNull();
    expect(parseRetryAfter(undefined, 0)).toBeNull();
  });

  it('holds every request of the tenant+target until the pause ends; no request is wasted', async () => {
    const clock = fakeClock();
    const gate = new PauseGate(clock);
    const sentAt: number[] = [];
    let sentWhilePaused = 0;
    let first = true;
    const transport: Send = async () => {
      sentAt.push(clock.now());
      if (clock.now() < gate.pausedUntil) sentWhilePaused++;
      // Every answer takes a moment, like a network round trip.
      await new Promise((r) => setImmediate(r));
      if (first) {
        first = false;
        return res(429, { 'retry-after': '3' });
      }
      return res(200);
    };
    // The gate sits innermost (right before the wire): requests queued at the limiter re-check it when they get a slot.
    const send = compose(transport, pauseGate(gate, clock), limit(new Limiter(2)), retry({ clock }));
    const start = clock.now();
    const results = await Promise.all(Array.from({ length: 8 }, () => send(get)));
    expect(results.every((r) => r.status === 200)).toBe(true);
    // 8 requests + 1 resend of the throttled one: nothing was sent into the pause.
    expect(sentAt).toHaveLength(9);
    expect(sentWhilePaused).toBe(0);
    // Only the one request already in flight with the 429 went out before the pause ended.
    expect(sentAt.filter((t) => t < start + 3000)).toHaveLength(2);
    expect(gate.pauses).toBe(1);
  });

  it('a second gate (other tenant+target) is not paused', async () => {
    const clock = fakeClock();
    const a = new PauseGate(clock);
    const b = new PauseGate(clock);
    a.pause(10_000);
    const before = clock.now();
    await b.wait();
    expect(clock.now()).toBe(before);
    await a.wait();
    expect(clock.now()).toBeGreaterThanOrEqual(before + 10_000);
  });
});

describe('adaptive concurrency (AIMD)', () => {
  it('starts low, grows by one per N successes up to the dop hint, halves on 429', () => {
    const aimd = new Aimd({ initial: 2, max: 16, increaseEvery: 3 });
    expect(aimd.limiter.limit).toBe(2);
    for (let i = 0; i < 9; i++) aimd.onResponse(204, undefined);
    expect(aimd.limiter.limit).toBe(5);
    for (let i = 0; i < 30; i++) aimd.onResponse(200, '6');
    expect(aimd.limiter.limit).toBe(6);
    aimd.onResponse(429, undefined);
    expect(aimd.limiter.limit).toBe(3);
    aimd.onResponse(429, undefined);
    aimd.onResponse(429, undefined);
    expect(aimd.limiter.limit).toBe(1);
    aimd.onResponse(200, '1');
    expect(aimd.limiter.limit).toBe(1);
  });

  it('never runs more requests at once than the current limit', async () => {
    const aimd = new Aimd({ initial: 2, max: 4, increaseEvery: 1000 });
    let active = 0;
    let peak = 0;
    const transport: Send = async () => {
      peak = Math.max(peak, ++active);
      await new Promise((r) => setTimeout(r, 5));
      active--;
      return res(200);
    };
    const send = compose(transport, adaptiveConcurrency(aimd));
    await Promise.all(Array.from({ length: 10 }, () => send(get)));
    expect(peak).toBe(2);
  });
});

describe('token bucket', () => {
  it('limits the rate to callsPerSecond after the burst', async () => {
    const clock = fakeClock();
    const bucket = new TokenBucket(10, 1, clock);
    const start = clock.now();
    let n = 0;
    const send = compose(async () => {
      n++;
      return res(200);
    }, rateLimit(bucket));
    await Promise.all(Array.from({ length: 21 }, () => send(get)));
    expect(n).toBe(21);
    // 1 from the burst, then 20 more at 10/s.
    expect(clock.now() - start).toBeGreaterThanOrEqual(2000);
    expect(clock.now() - start).toBeLessThan(2100);
  });
});

describe('bearer', () => {
  it('retries once with a forced new token after 401, then raises AuthError', async () => {
    const forced: boolean[] = [];
    const tokens = {
      getToken: async (force?: boolean) => (forced.push(force === true), force ? 'new' : 'old'),
    };
    const seen: string[] = [];
    const ok = compose(
      async (r) => {
        seen.push(r.headers?.authorization ?? '');
        return res(seen.length === 1 ? 401 : 200);
      },
      bearer(tokens, HOME),
    );
    expect((await ok(get)).status).toBe(200);
    expect(seen).toEqual(['Bearer old', 'Bearer new']);
    expect(forced).toEqual([false, false, true]);
    const always401 = compose(async () => res(401), bearer(tokens, HOME));
    await expect(always401(get)).rejects.toBeInstanceOf(AuthError);
  });

  it('after a 401, uses a token another request already refreshed instead of forcing a new one', async () => {
    let current = 't1';
    let forcedCalls = 0;
    const tokens = {
      getToken: async (force?: boolean) => {
        if (force) {
          forcedCalls++;
          current = `t${Number(current.slice(1)) + 1}`;
        }
        return current;
      },
    };
    const valid = (h: string | undefined) => h === `Bearer ${current}`;
    let n = 0;
    const send = compose(
      async (r) => {
        // The first request refreshes the token (as a concurrent caller would) just before its 401 arrives.
        if (n++ === 0) current = 't2';
        return res(valid(r.headers?.authorization) ? 200 : 401);
      },
      bearer(tokens, HOME),
    );
    expect((await send(get)).status).toBe(200);
    expect(forcedCalls).toBe(0);
  });
});
