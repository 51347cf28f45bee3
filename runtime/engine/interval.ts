// Durations as the CLI, the tenant file and the environment write them.
/** "30s", "5m", "1h", "500ms" or a bare number of seconds. */
export function parseInterval(text: string): number | null {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(text.trim());
  if (m === null) return null;
  const n = Number(m[1]);
  const unit = m[2] ?? 's';
  return Math.round(n * { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[unit as 'ms' | 's' | 'm' | 'h']);
}

/**
 * The poll interval when neither the tenant nor the command line gives one (`run --follow` and `serve`). 5 s keeps
 * the p95 from a Dynamics edit to Campaign under 10 s (a change waits half a cycle on average, 5 s at worst, then
 * one pass), while an idle poll costs about one request per flow: about 60 per flow per 5 minutes, 1% of the
 * Dynamics service protection limit of 6,000 requests per user per 5 minutes.
 */
export const DEFAULT_INTERVAL = '5s';

/** The interval `run --follow` waits between passes: `--interval`, else the tenant's `schedule.interval`, else the default. */
export function followInterval(flag: string | undefined, tenantInterval: string | undefined): string {
  return flag ?? tenantInterval ?? DEFAULT_INTERVAL;
}
