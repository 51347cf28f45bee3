// Runs one flow with its bookkeeping: status, run history, counts, API and engine-call deltas.
import type { Flow } from '../contract.ts';
import { AuthError, ConfigError, DriftError, FerryError } from '../../core/errors.ts';
import type { ErrorCode, StateError } from '../../core/errors.ts';
import type { FlowPause, FlowStatus } from '../state/port.ts';
import type { EngineOptions, EnginePorts, FlowRunContext, ProgressEvent, RunMode } from './context.ts';
import { Counts } from './counts.ts';
import { takeLease, type HeldLease, type LeaseInfo } from './lease.ts';
import { withWriteGuard } from '../write-guard.ts';
import { CancelledError, messageOf } from './record-errors.ts';
import { DEFAULT_OUTAGE_BUDGET_MS, OutageWatch } from './outage.ts';

export interface FlowReport {
  readonly flow: string;
  readonly kind: Flow['kind'];
  /** ok, failed (error or drift), cancelled, or skipped because another worker holds the flow's lease. */
  readonly outcome: 'ok' | 'failed' | 'cancelled' | 'skipped';
  readonly counts: Readonly<Record<string, number>>;
  readonly error: string | null;
  /** Registered code (docs/errors.md); the CLI exit code follows from it. */
  readonly errorCode: ErrorCode | null;
  /** What kind of failure, for reports. */
  readonly errorKind: 'drift' | 'config' | 'auth' | 'other' | null;
  /** Skipped flows: the other worker's lease (its expiry says when to try again). */
  readonly lease?: LeaseInfo;
  /** Skipped flows: an operator paused the flow (who, when, why). */
  readonly paused?: FlowPause;
}

/** The report of a flow skipped because it is paused: nothing ran, nothing counted. */
export const pausedReport = (flow: Flow, paused: FlowPause): FlowReport => ({
  flow: flow.name,
  kind: flow.kind,
  outcome: 'skipped',
  counts: new Counts().toJSON(),
  error: null,
  errorCode: null,
  errorKind: null,
  paused,
});

function kindOf(err: unknown): FlowReport['errorKind'] {
  if (err instanceof DriftError) return 'drift';
  if (err instanceof AuthError) return 'auth';
  if (err instanceof ConfigError) return 'config';
  return 'other';
}

export interface FlowRunRequest {
  readonly mode: RunMode | 'dlq-retry';
  readonly signal: AbortSignal | undefined;
  readonly onProgress: ((e: ProgressEvent) => void) | undefined;
  readonly resetPosition: 'oldest' | 'latest' | undefined;
  /** Status a flow is left in after a successful run (`running` in follow mode). */
  readonly idleStatus: FlowStatus;
}

export async function runFlow(
  ports: EnginePorts,
  opts: EngineOptions,
  flow: Flow,
  req: FlowRunRequest,
  body: (ctx: FlowRunContext) => Promise<void>,
): Promise<FlowReport> {
  const { state } = ports;
  const counts = new Counts();
  const taken = await takeLease(state, flow.name, opts.worker, opts.lease);
  if ('busy' in taken) {
    opts.log.info(
      { flow: flow.name, holder: taken.busy?.holder, fence: taken.busy?.fence },
      'flow skipped: another worker holds its lease',
    );
    return {
      flow: flow.name,
      kind: flow.kind,
      outcome: 'skipped',
      counts: counts.toJSON(),
      error: null,
      errorCode: null,
      errorKind: null,
      ...(taken.busy ? { lease: taken.busy } : {}),
    };
  }
  try {
    return await runLeased(ports, opts, flow, req, body, counts, taken.held);
  } finally {
    await taken.held.release();
  }
}

async function runLeased(
  ports: EnginePorts,
  opts: EngineOptions,
  flow: Flow,
  req: FlowRunRequest,
  body: (ctx: FlowRunContext) => Promise<void>,
  counts: Counts,
  lease: HeldLease,
): Promise<FlowReport> {
  const { state, dynamics, campaign } = ports;
  const runId = await state.startRun(flow.name, req.mode);
  await state.setStatus(flow.name, 'starting'); // running once the drift check passed
  const requests0 = dynamics.stats.requests + campaign.stats.requests;
  const engine0 = campaign.stats.engineCalls;
  const t0 = performance.now();
  const ctx: FlowRunContext = {
    ...ports,
    ...opts,
    mode: req.mode === 'replay' ? 'replay' : 'incremental',
    counts,
    // A lost lease stops the flow at its next cancellation point too, not only at its next write.
    signal: req.signal ? AbortSignal.any([req.signal, lease.signal]) : lease.signal,
    resetPosition: req.resetPosition,
    progress: (phase) => req.onProgress?.({ flow: flow.name, phase, counts: counts.toJSON() }),
    outage: new OutageWatch(opts.outageBudgetMs ?? DEFAULT_OUTAGE_BUDGET_MS, () => opts.now().getTime()),
  };
  let outcome: FlowReport['outcome'] = 'ok';
  let error: string | null = null;
  let errorCode: ErrorCode | null = null;
  let errorKind: FlowReport['errorKind'] = null;
  let lost: StateError | null = null;
  try {
    // Every API write of the flow (through the HTTP layer) asks the lease first.
    await withWriteGuard(lease.guard, () => body(ctx));
  } catch (err) {
    lost = await lease.lost();
    outcome = err instanceof CancelledError && lost === null ? 'cancelled' : 'failed';
    error = messageOf(err);
    errorCode = err instanceof FerryError ? err.code : 'FERRY_INTERNAL';
    errorKind = outcome === 'cancelled' ? null : kindOf(err);
    if (lost !== null) {
      // Whatever failed first (a fenced write, the deadline, a killed transaction), the cause is the lease.
      error = lost.message;
      errorCode = lost.code;
    }
    opts.log.error(
      { flow: flow.name, code: errorCode, err: error },
      outcome === 'cancelled' ? 'flow cancelled' : lost !== null ? 'lease lost' : 'flow failed',
    );
  }
  counts.set('apiCalls', dynamics.stats.requests + campaign.stats.requests - requests0);
  counts.set('engineCalls', campaign.stats.engineCalls - engine0);
  counts.set('durationMs', Math.round(performance.now() - t0));
  await state.endRun(runId, counts.toJSON(), error); // this worker's own run row: not fenced
  const status: FlowStatus =
    outcome === 'failed' ? 'failed' : outcome === 'cancelled' ? 'stopped' : req.idleStatus;
  // The flow's status belongs to the lease holder: a worker that lost the lease leaves it alone.
  if (lost === null)
    await state.setStatus(flow.name, status, error ?? undefined).catch(async (err: unknown) => {
      if ((await lease.lost()) === null) throw err;
    });
  return { flow: flow.name, kind: flow.kind, outcome, counts: counts.toJSON(), error, errorCode, errorKind };
}
