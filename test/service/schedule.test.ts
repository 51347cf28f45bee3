// Schedules: cron parsing and next times (UTC), interval vs cron per flow with a tenant default, diagnostics.
import { describe, expect, it } from 'vitest';
import { nextCron, parseCron, type Cron } from '../../core/model/tenant-cron.ts';
import { firstRun, nextRun, scheduleOf } from '../../runtime/service/schedule.ts';

const cron = (text: string): Cron => {
  const r = parseCron(text);
  if ('problem' in r) throw new Error(r.problem.message);
  return r.cron;
};
const at = (iso: string): number => Date.parse(iso);
const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

describe('cron', () => {
  it('finds the next matching minute', () => {
    expect(iso(nextCron(cron('*/5 * * * *'), at('2026-12-03T05:41:10Z')))).toBe('2026-12-03T05:45:00.000Z');
    expect(iso(nextCron(cron('0 2 * * *'), at('2026-12-03T02:00:00Z')))).toBe('2026-12-04T02:00:00.000Z');
    expect(iso(nextCron(cron('30 9 * * MON-FRI'), at('2026-12-04T10:00:00Z')))).toBe(
      '2026-12-07T09:30:00.000Z',
    );
    expect(iso(nextCron(cron('0 0 1 JAN,jul *'), at('2026-02-01T00:00:00Z')))).toBe(
      '2026-07-01T00:00:00.000Z',
    );
    expect(iso(nextCron(cron('0 12 29 2 *'), at('2026-03-01T00:00:00Z')))).toBe('2028-02-29T12:00:00.000Z');
    expect(iso(nextCron(cron('15-20/2 3 * * *'), at('2026-12-03T03:16:00Z')))).toBe(
      '2026-12-03T03:17:00.000Z',
    );
  });

  it('treats 7 as Sunday and ORs day of month with day of week when both are set', () => {
    // 2026-12-06 is a Sunday.
    expect(iso(nextCron(cron('0 0 * * 7'), at('2026-12-03T00:00:00Z')))).toBe('2026-12-06T00:00:00.000Z');
    expect(iso(nextCron(cron('0 0 5 * 0'), at('2026-12-03T00:00:00Z')))).toBe('2026-12-05T00:00:00.000Z');
  });

  it('reports the kind of problem and where it is', () => {
    const problem = (text: string) => {
      const r = parseCron(text);
      return 'problem' in r ? [r.problem.kind, r.problem.offset] : null;
    };
    expect(problem('* * * *')).toEqual(['fields', 0]);
    expect(problem('* * * * * *')).toEqual(['fields', 10]);
    expect(problem('*/5 2-x * * *')).toEqual(['syntax', 6]);
    expect(problem('0 24 * * *')).toEqual(['range', 2]);
    expect(problem('*/0 * * * *')).toEqual(['syntax', 2]);
    expect(problem('5-1 * * * *')).toEqual(['range', 0]);
    expect(problem('0 0 30 2 *')).toEqual(['never', 4]);
    expect(problem('0 0 * FOO *')).toEqual(['syntax', 6]);
  });
});

describe('flow schedules', () => {
  const schedule = {
    interval: '5m',
    flows: { contacts: { interval: '30s' }, optout: { cron: '0 * * * *' } },
  };

  it('uses the flow entry, else the tenant default, else 5s', () => {
    expect(scheduleOf('contacts', schedule)).toMatchObject({ kind: 'interval', ms: 30_000 });
    expect(scheduleOf('vehicles', schedule)).toMatchObject({ kind: 'interval', ms: 300_000 });
    expect(scheduleOf('optout', schedule)).toMatchObject({ kind: 'cron', text: '0 * * * *' });
    expect(scheduleOf('vehicles', undefined)).toMatchObject({ kind: 'interval', ms: 5_000 });
    expect(scheduleOf('vehicles', {})).toMatchObject({ kind: 'interval', text: '5s' });
    expect(scheduleOf('vehicles', { cron: '*/2 * * * *' })).toMatchObject({ kind: 'cron' });
    expect(scheduleOf('optout', schedule, '1m')).toMatchObject({ kind: 'interval', ms: 60_000 });
  });

  it('runs an interval flow at once and again an interval after the pass ended; a cron flow on its minute', () => {
    const now = at('2026-12-03T05:41:10Z');
    const every = scheduleOf('contacts', schedule);
    expect(firstRun(every, now)).toBe(now);
    expect(nextRun(every, now)).toBe(now + 30_000);
    const hourly = scheduleOf('optout', schedule);
    expect(iso(firstRun(hourly, now))).toBe('2026-12-03T06:00:00.000Z');
  });

  it('refuses an unusable entry with FERRY_SCHEDULE_INVALID', () => {
    expect(() => scheduleOf('x', { cron: '* *' })).toThrow(/schedule cron/);
    expect(() => scheduleOf('x', { flows: { x: { interval: 'soon' } } })).toThrow(
      expect.objectContaining({ code: 'FERRY_SCHEDULE_INVALID' }),
    );
  });
});
