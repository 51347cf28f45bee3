// Tenants → flows: the `ferry status` report of each flow plus pause, schedule, recent runs and lag.
import { flowStatus, type FlowStatusReport } from '../engine/status.ts';
import type { FlowPause, StateStore } from '../state/port.ts';
import { runHistory, type RunRow } from './runs.ts';
import { sqlOf } from './source.ts';

/** A flow's schedule as the process running it knows it (none for one-off CLI use). */
export interface FlowSchedule {
  /** How it is scheduled, e.g. "every 30s" or a cron expression. */
  readonly schedule: string;
  readonly nextRunAt: string | null;
}

export interface FlowOverview {
  /** Exactly what `ferry status --json` reports for the flow. */
  readonly status: FlowStatusReport;
  readonly paused: FlowPause | null;
  readonly schedule: FlowSchedule | null;
  readonly recentRuns: readonly RunRow[];
  /** Seconds since the last run that ended without error (null when none did): how stale the target may be. */
  readonly lagSeconds: number | null;
}

export interface OverviewInput {
  readonly state: StateStore;
  readonly flows: readonly { readonly name: string; readonly kind: FlowStatusReport['kind'] }[];
  readonly schedules?: ReadonlyMap<string, FlowSchedule>;
  readonly recent?: number;
  readonly now?: number;
}

export async function flowsOverview(input: OverviewInput): Promise<FlowOverview[]> {
  const db = sqlOf(input.state);
  const now = input.now ?? Date.now();
  const out: FlowOverview[] = [];
  for (const flow of input.flows) {
    const status = await flowStatus({ state: input.state }, flow, now);
    const recent = await runHistory(db, { flow: flow.name, limit: input.recent ?? 5 });
    const [ok] = await db.all(
      'SELECT MAX(ended_at) AS t FROM ferry_runs WHERE flow = ? AND ended_at IS NOT NULL AND error IS NULL',
      [flow.name],
    );
    const okAt = ok?.t === null || ok?.t === undefined ? null : Date.parse(String(ok.t));
    out.push({
      status,
      paused: status.paused,
      schedule: input.schedules?.get(flow.name) ?? null,
      recentRuns: recent.rows,
      lagSeconds: okAt === null ? null : Math.max(0, Math.round((now - okAt) / 1000)),
    });
  }
  return out;
}
