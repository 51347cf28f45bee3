// `ferry status` data: per flow status, backlog, last run and what needs attention.
import type { Flow } from '../contract.ts';
import type { FlowStatus, PendingOptout, RunRecord } from '../state/port.ts';
import type { EnginePorts } from './context.ts';
import { POSITION } from './events/run.ts';

export interface FlowStatusReport {
  readonly flow: string;
  readonly kind: Flow['kind'];
  readonly status: FlowStatus | 'never run';
  readonly detail: string | null;
  readonly updatedAt: string | null;
  /** Records waiting: dead letters (parked children included) + pending opt-outs. */
  readonly backlog: number;
  readonly deadLetters: number;
  readonly pendingOptouts: readonly PendingOptout[];
  readonly lastRun: RunRecord | null;
  /** Entity/opt-out: delta link stored; events: journal position. */
  readonly checkpoint: string | null;
}

export async function flowStatus(ports: EnginePorts, flow: Flow): Promise<FlowStatusReport> {
  const { state } = ports;
  const [st, runs, deadLetters, pendingOptouts, checkpoint] = await Promise.all([
    state.getStatus(flow.name),
    state.listRuns(flow.name, 1),
    state.countDeadLetters(flow.name),
    flow.kind === 'optout'
      ? state.listPendingOptouts(flow.name)
      : Promise.resolve([] as readonly PendingOptout[]),
    state.getCheckpoint(flow.name, flow.kind === 'events' ? POSITION : 'deltaLink'),
  ]);
  return {
    flow: flow.name,
    kind: flow.kind,
    status: st?.status ?? 'never run',
    detail: st?.detail ?? null,
    updatedAt: st?.updatedAt ?? null,
    backlog: deadLetters + pendingOptouts.length,
    deadLetters,
    pendingOptouts,
    lastRun: runs[0] ?? null,
    checkpoint,
  };
}
