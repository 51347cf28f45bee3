// `ferry status` data: per flow status, backlog, last run and what needs attention.
import type { Flow } from '../contract.ts';
import type { FlowPause, FlowStatus, PendingOptout, RunRecord } from '../state/port.ts';
import type { EnginePorts } from './context.ts';
import { POSITION } from './events/run.ts';
import { leaseInfo, type LeaseInfo } from './lease.ts';

export interface FlowStatusReport {
  readonly flow: string;
  readonly kind: Flow['kind'];
  /** `expired`: recorded as starting/running, but its holder's lease ran out (the worker died or is frozen). */
  readonly status: FlowStatus | 'never run' | 'expired';
  readonly detail: string | null;
  readonly updatedAt: string | null;
  /** Records waiting: dead letters (parked children included) + pending opt-outs. */
  readonly backlog: number;
  readonly deadLetters: number;
  /** Dead letters ferry retries by itself (transient failures, children waiting for their parent). */
  readonly retrying: number;
  /** Dead letters that wait for an operator (fix the data, then `dlq retry`, or `dlq discard`). */
  readonly attention: number;
  readonly pendingOptouts: readonly PendingOptout[];
  readonly lastRun: RunRecord | null;
  /** Entity/opt-out: delta link stored; events: journal position. */
  readonly checkpoint: string | null;
  /** The flow's worker lease (SQL state stores), null when never taken. */
  readonly lease: (LeaseInfo & { readonly expired: boolean }) | null;
  /** Paused by an operator (runs skip it until it is resumed), or null. */
  readonly paused: FlowPause | null;
}

export async function flowStatus(
  ports: Pick<EnginePorts, 'state'>,
  flow: Pick<Flow, 'name' | 'kind'>,
  now: number = Date.now(),
): Promise<FlowStatusReport> {
  const { state } = ports;
  const [st, runs, deadLetters, retrying, pendingOptouts, checkpoint, lease] = await Promise.all([
    state.getStatus(flow.name),
    state.listRuns(flow.name, 1),
    state.countDeadLetters(flow.name),
    state.countDeadLetters(flow.name, { state: 'retrying' }),
    flow.kind === 'optout'
      ? state.listPendingOptouts(flow.name)
      : Promise.resolve([] as readonly PendingOptout[]),
    state.getCheckpoint(flow.name, flow.kind === 'events' ? POSITION : 'deltaLink'),
    leaseInfo(state, flow.name),
  ]);
  const paused = (await state.pausedFlow?.(flow.name)) ?? null;
  const expired = lease !== null && lease.holder !== null && lease.expiresAt <= now;
  const live = st?.status === 'running' || st?.status === 'starting';
  return {
    flow: flow.name,
    kind: flow.kind,
    status: live && expired ? 'expired' : (st?.status ?? 'never run'),
    detail: st?.detail ?? null,
    updatedAt: st?.updatedAt ?? null,
    backlog: deadLetters + pendingOptouts.length,
    deadLetters,
    retrying,
    attention: deadLetters - retrying,
    pendingOptouts,
    lastRun: runs[0] ?? null,
    checkpoint,
    lease: lease === null ? null : { ...lease, expired },
    paused,
  };
}
