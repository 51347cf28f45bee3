// --follow: run, sleep, run again; a recompiled bundle is picked up between runs without a restart.
import { StateError } from '../../core/errors.ts';
import type { RunOnceOptions, RunReport } from './engine.ts';

export { DEFAULT_INTERVAL, followInterval, parseInterval } from './interval.ts';

export interface FollowOptions extends Omit<RunOnceOptions, 'signal' | 'idleStatus'> {
  readonly intervalMs: number;
  readonly signal: AbortSignal;
  /** Called after each run (report, log). */
  readonly onRun?: (report: RunReport) => void;
}

/** A skipped flow is tried again this long after its holder's lease expires (not a whole interval later). */
const TAKEOVER_SLACK_MS = 100;

export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const t = setTimeout(done, Math.max(0, ms));
    function done(): void {
      clearTimeout(t);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}

/**
 * Loops until the signal aborts; `runOnce` is re-resolved each time so a reloaded engine is used. Flows
 * another worker holds are tried again as soon as that lease expires. A lost lease ends the loop with
 * FERRY_LEASE_LOST: this worker may have been paused for long, so it exits rather than carry on.
 */
export async function follow(
  runOnce: (o: RunOnceOptions) => Promise<RunReport>,
  opts: FollowOptions,
): Promise<RunReport | null> {
  let last: RunReport | null = null;
  const { intervalMs, onRun, ...run } = opts;
  let due = run.flows;
  let nextPass = 0;
  while (!opts.signal.aborted) {
    const full = due === run.flows;
    last = await runOnce({ ...run, ...(due ? { flows: due } : {}), idleStatus: 'running' });
    onRun?.(last);
    const lost = last.flows.find((f) => f.errorCode === 'FERRY_LEASE_LOST');
    if (lost !== undefined)
      throw new StateError('FERRY_LEASE_LOST', lost.error ?? `lease lost: flow ${lost.flow}`);
    const now = Date.now();
    if (full) nextPass = now + intervalMs;
    const waiting = last.flows.filter((f) => f.outcome === 'skipped' && f.lease && f.lease.holder !== null);
    const retryAt = Math.min(...waiting.map((f) => (f.lease?.expiresAt ?? 0) + TAKEOVER_SLACK_MS));
    if (retryAt < nextPass) {
      // Not sooner than the floor: a lease row locked by a paused holder reports an expiry already past.
      await sleep(Math.max(retryAt - now, 2 * TAKEOVER_SLACK_MS), opts.signal);
      due = waiting.map((f) => f.flow);
    } else {
      await sleep(nextPass - now, opts.signal);
      due = run.flows;
    }
  }
  return last;
}
