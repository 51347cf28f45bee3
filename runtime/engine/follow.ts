// --follow: run, sleep, run again; a recompiled bundle is picked up between runs without a restart.
import type { RunOnceOptions, RunReport } from './engine.ts';

export interface FollowOptions extends Omit<RunOnceOptions, 'signal' | 'idleStatus'> {
  readonly intervalMs: number;
  readonly signal: AbortSignal;
  /** Called after each run (report, log). */
  readonly onRun?: (report: RunReport) => void;
}

export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const t = setTimeout(done, ms);
    function done(): void {
      clearTimeout(t);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}

/** Loops until the signal aborts; `runOnce` is re-resolved each time so a reloaded engine is used. */
export async function follow(
  runOnce: (o: RunOnceOptions) => Promise<RunReport>,
  opts: FollowOptions,
): Promise<RunReport | null> {
  let last: RunReport | null = null;
  const { intervalMs, onRun, ...run } = opts;
  while (!opts.signal.aborted) {
    last = await runOnce({ ...run, idleStatus: 'running' });
    onRun?.(last);
    await sleep(intervalMs, opts.signal);
  }
  return last;
}

/** "30s", "5m", "1h", "500ms" or a bare number of seconds. */
export function parseInterval(text: string): number | null {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(text.trim());
  if (m === null) return null;
  const n = Number(m[1]);
  const unit = m[2] ?? 's';
  return Math.round(n * { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[unit as 'ms' | 's' | 'm' | 'h']);
}
