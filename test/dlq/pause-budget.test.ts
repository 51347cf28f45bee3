// Retry-After answers are waited out within a per-run pause budget, not cut off after a fixed number of tries.
import { describe, expect, it } from 'vitest';
import { PauseBudget } from '../../runtime/http/pause-budget.ts';
import { compose, retry, type HttpRequest, type HttpResponse } from '../../runtime/http/index.ts';
import { fakeClock } from '../runtime/fake-clock.ts';

const res = (status: number, headers: Record<string, string> = {}): HttpResponse => ({
  status,
  headers,
  body: '',
  url: 'https://x/',
});
const get: HttpRequest = { method: 'GET', url: 'https://x/a' };

/** A transport answering `n` throttled responses (Retry-After: 1), then 200; the clock moves with each pause. */
function storm(n: number, clock: ReturnType<typeof fakeClock>) {
  let left = n;
  let calls = 0;
  const send = async (): Promise<HttpResponse> => {
    calls++;
    if (left-- > 0) {
      clock.advance(1000); // what the pause gate would have waited
      return res(429, { 'retry-after': '1' });
    }
    return res(200);
  };
  return { send, calls: () => calls };
}

describe('Retry-After pause budget', () => {
  it('a storm longer than six answers is waited out while the budget lasts', async () => {
    const clock = fakeClock();
    const t = storm(20, clock);
    const budget = new PauseBudget(60_000);
    const send = compose(t.send, retry({ clock, maxAttempts: 6, pauseBudget: budget }));
    expect((await send(get)).status).toBe(200);
    expect(t.calls()).toBe(21);
    expect(budget.spent).toBe(20_000);
  });

  it('gives the throttled answer back once the budget is spent, and a reset restores it', async () => {
    const clock = fakeClock();
    const budget = new PauseBudget(5_000);
    const t = storm(20, clock);
    const send = compose(t.send, retry({ clock, pauseBudget: budget }));
    expect((await send(get)).status).toBe(429);
    expect(t.calls()).toBe(6);
    budget.reset();
    expect(budget.spent).toBe(0);
    expect(budget.spend(1000, clock.now())).toBe(true);
  });

  it('requests waiting out the same pause share it: only uncovered wall time is spent', () => {
    const b = new PauseBudget(10_000);
    expect(b.spend(3000, 0)).toBe(true);
    expect(b.spend(3000, 1000)).toBe(true); // covers 1000..4000: 1000 new
    expect(b.spend(2000, 1500)).toBe(true); // inside the pause already counted
    expect(b.spent).toBe(4000);
    expect(b.spend(7000, 10_000)).toBe(false);
  });
});
