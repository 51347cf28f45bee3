// The no-success rule at a short poll interval: an interval counts as at least one minute.
import { describe, expect, it } from 'vitest';
import { conditions } from '../../runtime/alerts/conditions.ts';
import type { AlertSnapshot } from '../../runtime/alerts/types.ts';

const rules = { deadLetters: 100, missedIntervals: 3, optoutPendingMs: 3_600_000 };
const at = (sinceMs: number, intervalMs: number): AlertSnapshot => ({
  at: new Date(Date.parse('2026-12-03T09:00:00Z') + sinceMs).toISOString(),
  flows: [
    {
      flow: 'contacts',
      lastOutcome: 'ok',
      drift: false,
      lastSuccessAt: '2026-12-03T09:00:00.000Z',
      intervalMs,
    },
  ],
  deadLetters: 0,
  oldestPendingOptoutMs: null,
  authFailure: null,
});
const kinds = (s: AlertSnapshot): string[] => conditions(s, rules).map((c) => c.kind);

describe('no-success alert at a short interval', () => {
  it('waits three minutes, not three 5 s intervals', () => {
    expect(kinds(at(20_000, 5_000))).toEqual([]);
    expect(kinds(at(179_000, 5_000))).toEqual([]);
    expect(kinds(at(181_000, 5_000))).toEqual(['no-success']);
  });

  it('keeps counting longer intervals as they are', () => {
    expect(kinds(at(14 * 60_000, 5 * 60_000))).toEqual([]);
    expect(kinds(at(16 * 60_000, 5 * 60_000))).toEqual(['no-success']);
  });
});
