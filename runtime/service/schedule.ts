// Each flow's schedule under `ferry serve`: its own entry in the tenant file, else the tenant default, else 5s.
import { ConfigError } from '../../core/errors.ts';
import { nextCron, parseCron, type Cron } from '../../core/model/tenant-cron.ts';
import type { ScheduleEntry, TenantSchedule } from '../../core/model/tenant.ts';
import { DEFAULT_INTERVAL, parseInterval } from '../engine/interval.ts';

export type Schedule =
  | { readonly kind: 'interval'; readonly ms: number; readonly text: string }
  | { readonly kind: 'cron'; readonly cron: Cron; readonly text: string };

export { DEFAULT_INTERVAL };

function fromEntry(where: string, e: ScheduleEntry): Schedule | null {
  if (e.cron !== undefined) {
    const parsed = parseCron(e.cron);
    if ('problem' in parsed)
      throw new ConfigError('FERRY_SCHEDULE_INVALID', `${where} cron "${e.cron}": ${parsed.problem.message}`);
    return { kind: 'cron', cron: parsed.cron, text: e.cron };
  }
  if (e.interval === undefined) return null;
  const ms = parseInterval(e.interval);
  if (ms === null || ms <= 0)
    throw new ConfigError(
      'FERRY_SCHEDULE_INVALID',
      `${where} interval "${e.interval}": use e.g. 30s, 5m, 1h`,
    );
  return { kind: 'interval', ms, text: e.interval };
}

/** `override` (e.g. `--interval`) replaces every schedule of the tenant. */
export function scheduleOf(flow: string, schedule: TenantSchedule | undefined, override?: string): Schedule {
  if (override !== undefined) return fromEntry('--interval', { interval: override }) as Schedule;
  const own = schedule?.flows?.[flow];
  return (
    (own && fromEntry(`schedule.flows.${flow}`, own)) ??
    (schedule && fromEntry('schedule', schedule)) ??
    (fromEntry('default', { interval: DEFAULT_INTERVAL }) as Schedule)
  );
}

/**
 * When a flow runs next, given when its last pass started and ended: an interval counts from the end of the
 * pass (a slow pass never piles up), a cron names the next matching minute after the end.
 */
export function nextRun(s: Schedule, endedAt: number): number {
  if (s.kind === 'interval') return endedAt + s.ms;
  return nextCron(s.cron, endedAt) ?? Number.POSITIVE_INFINITY;
}

/** A flow's first pass: an interval flow runs at once, a cron flow at its next matching minute. */
export function firstRun(s: Schedule, now: number): number {
  return s.kind === 'interval' ? now : nextRun(s, now);
}
