// The monitor's snapshot from the state store (and the pass just run, which knows drift and auth failures).
import type { FlowReport } from '../engine/run-flow.ts';
import type { FlowStatusReport } from '../engine/status.ts';
import type { StateStore } from '../state/port.ts';
import type { AlertSnapshot, FlowSnapshot } from './types.ts';

/** Runs looked at to find a flow's last success. */
const HISTORY = 50;

export async function alertSnapshot(
  state: StateStore,
  statuses: readonly FlowStatusReport[],
  pass: readonly FlowReport[],
  intervalMs: number,
  at: Date = new Date(),
): Promise<AlertSnapshot> {
  const flows: FlowSnapshot[] = [];
  for (const s of statuses) {
    const runs = await state.listRuns(s.flow, HISTORY);
    const ok = runs.find((r) => r.endedAt !== null && r.error === null && r.mode !== 'dlq-discard');
    const report = pass.find((r) => r.flow === s.flow);
    flows.push({
      flow: s.flow,
      lastOutcome:
        report?.outcome ?? (s.status === 'failed' ? 'failed' : s.lastRun === null ? 'never' : 'ok'),
      error: report?.error ?? (s.status === 'failed' ? s.detail : null),
      drift: report?.errorKind === 'drift',
      lastSuccessAt: ok?.endedAt ?? null,
      intervalMs,
    });
  }
  const pendingSince = oldestPending(statuses);
  const auth = pass.find((r) => r.errorKind === 'auth');
  return {
    at: at.toISOString(),
    flows,
    deadLetters: statuses.reduce((n, s) => n + s.deadLetters, 0),
    oldestPendingOptoutMs: pendingSince === null ? null : at.getTime() - pendingSince,
    authFailure: auth === undefined ? null : (auth.errorCode ?? 'authentication failed'),
  };
}

/** When the oldest pending opt-out's write first failed (epoch ms), null when none is pending. */
function oldestPending(statuses: readonly FlowStatusReport[]): number | null {
  const times = statuses
    .flatMap((s) => s.pendingOptouts)
    .map((p) => (p.since ? Date.parse(p.since) : NaN))
    .filter((t) => !Number.isNaN(t));
  return times.length === 0 ? null : Math.min(...times);
}
