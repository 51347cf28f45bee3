// The default poll interval of `run --follow`: where it comes from, and the loop keeping it from the end of
// each pass (a fake clock: the test advances time and waits on the passes, never on a real sleep).
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_INTERVAL, follow, followInterval, parseInterval } from '../../runtime/engine/follow.ts';
import type { RunReport } from '../../runtime/engine/engine.ts';
import { DEFAULT_INTERVAL as SERVE_DEFAULT } from '../../runtime/service/schedule.ts';

describe('run --follow default interval', () => {
  it('is --interval, else the tenant schedule.interval, else 5 s (as under serve)', () => {
    expect(followInterval(undefined, undefined)).toBe('5s');
    expect(parseInterval(DEFAULT_INTERVAL)).toBe(5_000);
    expect(SERVE_DEFAULT).toBe(DEFAULT_INTERVAL);
    expect(followInterval(undefined, '5m')).toBe('5m');
    expect(followInterval('1h', '5m')).toBe('1h');
  });
});

describe('follow at the default interval', () => {
  beforeEach(() => void vi.useFakeTimers({ now: Date.parse('2026-12-03T09:00:00Z') }));
  afterEach(() => void vi.useRealTimers());

  it('starts the next pass 5 s after the last one ended, and stops on abort', async () => {
    const starts: number[] = [];
    const ac = new AbortController();
    let passEnded = (): void => undefined;
    const runOnce = async (): Promise<RunReport> => {
      starts.push(Date.now());
      // Each pass takes 2 s of (fake) time: the interval counts from its end.
      await vi.advanceTimersByTimeAsync(2_000);
      passEnded();
      return { ok: true, flows: [] };
    };
    const ended = (): Promise<void> => new Promise((r) => (passEnded = r));
    let first = ended();
    const loop = follow(runOnce, {
      mode: 'incremental',
      intervalMs: parseInterval(followInterval(undefined, undefined)) as number,
      signal: ac.signal,
    });
    await first;
    first = ended();
    await vi.advanceTimersByTimeAsync(4_999);
    expect(starts).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    await first;
    expect(starts).toHaveLength(2);
    expect((starts[1] as number) - (starts[0] as number)).toBe(7_000);
    ac.abort();
    await loop;
    expect(starts).toHaveLength(2);
  });
});
