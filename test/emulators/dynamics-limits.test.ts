import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { manualClock } from '../../emulators/common/clock.ts';
import { startTestDynamics, type TestDynamics } from './dynamics-fixture.ts';

describe('Dynamics emulator: service protection limits', () => {
  const clock = manualClock(Date.UTC(2026, 0, 1));
  let t: TestDynamics;
  beforeAll(async () => {
    t = await startTestDynamics({ clock, limits: { requests: 3, windowSeconds: 60, concurrency: 52 } });
  });
  afterAll(async () => t.emu.close());

  it('answers 429 0x80072322 with Retry-After once the window is exceeded, then recovers', async () => {
    for (let i = 0; i < 3; i++) expect((await t.api('GET', 'contacts?$top=1')).status).toBe(200);
    clock.advance(20_000);
    const r = await t.api('GET', 'contacts?$top=1');
    expect(r.status).toBe(429);
    expect(r.headers.get('retry-after')).toBe('40');
    expect(await r.json()).toEqual({
      error: {
        code: '0x80072322',
        message: 'Number of requests exceeded the limit of 3 over time window of 60 seconds.',
      },
    });
    expect(t.emu.limits?.rejected['0x80072322']).toBe(1);
    clock.advance(40_000);
    expect((await t.api('GET', 'contacts?$top=1')).status).toBe(200);
  });

  it('counts limits per client (token subject)', async () => {
    const { token } = t.tokens.issue({ subject: 'other-client', tenantId: 't', audience: t.emu.url }, 3600);
    const r = await fetch(`${t.emu.apiUrl}contacts?$top=1`, {
      headers: { Authorization: `Bearer ${token}` },
    });
    expect(r.status).toBe(200);
  });
});

describe('Dynamics emulator: concurrency and execution-time limits', () => {
  it('fails the request over the concurrency limit at once with 0x80072326', async () => {
    const t = await startTestDynamics({ limits: { concurrency: 1 } });
    try {
      // Hold one request open by never finishing its body: it is admitted and stays in flight.
      const held = request(`${t.emu.apiUrl}contacts`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${t.token}`, 'Content-Type': 'application/json' },
      });
      const heldDone = new Promise<number>((resolve, reject) => {
        held.on('response', (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        });
        held.on('error', reject);
      });
      held.write('{"lastname":');
      await new Promise((r) => setTimeout(r, 100));
      const r = await t.api('GET', 'contacts?$top=1');
      expect(r.status).toBe(429);
      expect(r.headers.get('retry-after')).toBe('1');
      expect(await r.json()).toEqual({
        error: { code: '0x80072326', message: 'Number of concurrent requests exceeded the limit of 1.' },
      });
      held.end('"Held"}');
      expect(await heldDone).toBe(204);
      expect((await t.api('GET', 'contacts?$top=1')).status).toBe(200);
    } finally {
      await t.emu.close();
    }
  });

  it('answers 0x80072321 with the documented two-space message after the execution budget is spent', async () => {
    const tiny = await startTestDynamics({ limits: { executionMs: 1 } });
    try {
      // Spend the budget: a request that takes measurable time.
      for (let i = 0; i < 5000; i++) tiny.emu.store.upsert('contact', { lastname: `n${i}` });
      await tiny.api('GET', 'contacts');
      const r = await tiny.api('GET', 'contacts?$top=1');
      expect(r.status).toBe(429);
      expect(Number(r.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(await r.json()).toEqual({
        error: {
          code: '0x80072321',
          message:
            'Combined execution time of incoming requests exceeded limit of 1  milliseconds over time window of 300 seconds. Decrease number of concurrent requests or reduce the duration of requests and try again later.',
        },
      });
    } finally {
      await tiny.emu.close();
    }
  });
});
