// The page's actions: retry and discard a dead letter, replay, pause and resume a flow. Each one is audited
// (who, what, why, when, outcome) in the action log; retry and discard reuse the dlq code of the engine.
import { discardDeadLetters } from '../../../runtime/engine/dlq.ts';
import type { RunReport } from '../../../runtime/index.ts';
import { letterById, sqlStore } from '../../../runtime/read/index.ts';
import type { ActionRecord } from '../../../runtime/state/port.ts';
import type { PageTenant, StatusPageDeps } from './types.ts';

export type ActionName = 'retry' | 'discard' | 'replay' | 'pause' | 'resume';

export interface ActionRequest {
  readonly action: ActionName;
  readonly flow: string;
  readonly letterId: number | null;
  readonly actor: string;
  readonly why: string | null;
}

export interface ActionResult {
  /** HTTP status: 200 done or started, 400/404/409/503 refused. */
  readonly status: number;
  readonly record: ActionRecord;
}

/** One line for what a run of the flow did to the letter or the flow. */
function runOutcome(report: RunReport): string {
  const f = report.flows[0];
  if (f === undefined) return 'done: nothing to do';
  if (f.paused !== undefined) return `skipped: the flow is paused by ${f.paused.actor}`;
  if (f.outcome === 'skipped') return 'skipped: another worker holds the flow (try again after its run)';
  if (f.outcome === 'failed') return `failed: ${f.error ?? 'unknown error'}`;
  return `done: ${Object.entries(f.counts)
    .filter(([k, n]) => n > 0 && !k.includes(':') && k !== 'durationMs')
    .map(([k, n]) => `${k} ${n}`)
    .join(', ')}`;
}

export async function performAction(
  deps: StatusPageDeps,
  t: PageTenant,
  req: ActionRequest,
): Promise<ActionResult> {
  const store = sqlStore(t.state);
  const record = async (status: number, outcome: string): Promise<ActionResult> => {
    const entry = {
      action: req.action,
      flow: req.flow,
      target: req.letterId === null ? null : String(req.letterId),
      actor: req.actor,
      why: req.why,
      outcome,
    };
    const id = await store.recordAction(entry);
    const rec: ActionRecord = { ...entry, id, at: new Date().toISOString() };
    if (outcome !== 'started') deps.onAction?.(t.name, rec);
    return { status, record: rec };
  };
  if (req.action === 'retry' || req.action === 'discard') {
    const letter = req.letterId === null ? null : await letterById(store.db, req.letterId);
    if (letter === null || letter.discarded !== null || letter.flow !== req.flow)
      return record(404, 'refused: not a live dead letter');
    if (req.action === 'discard') {
      if (req.why === null) return record(400, 'refused: say why the letter is discarded');
      const done = await discardDeadLetters(store, { ids: [letter.id] }, req.actor, req.why);
      return record(done.length === 1 ? 200 : 409, done.length === 1 ? 'done' : 'refused: already gone');
    }
    if (t.actions === undefined) return record(503, 'refused: retry needs the APIs, not available here');
    const report = await t.actions.retryLetters(letter.flow, [letter.id]);
    const after = await letterById(store.db, letter.id);
    const outcome = after === null ? runOutcome(report) : `failed: still dead-lettered: ${after.reason}`;
    return record(200, report.flows[0]?.outcome === 'skipped' ? runOutcome(report) : outcome);
  }
  if (req.action === 'pause' || req.action === 'resume') {
    const paused = await store.pausedFlow(req.flow);
    if ((paused !== null) === (req.action === 'pause'))
      return record(409, `refused: the flow is already ${req.action === 'pause' ? 'paused' : 'running'}`);
    await store.setPaused(req.flow, req.action === 'pause' ? { actor: req.actor, why: req.why } : null);
    return record(200, 'done');
  }
  // replay: a full resync may take long; it runs after the answer and its outcome is filled in when it ends.
  if (t.actions === undefined) return record(503, 'refused: replay needs the APIs, not available here');
  if (req.why === null) return record(400, 'refused: say why the flow is replayed');
  const started = await record(200, 'started');
  const finish = (outcome: string): Promise<void> =>
    store.finishAction(started.record.id, outcome).then(() => {
      deps.onAction?.(t.name, { ...started.record, outcome });
    });
  void t.actions
    .replayFlow(req.flow)
    .then((r) => finish(runOutcome(r)))
    .catch((err: unknown) => finish(`failed: ${err instanceof Error ? err.message : String(err)}`))
    .catch(() => undefined); // the store itself is gone (shutting down): nothing left to record it in
  return started;
}
