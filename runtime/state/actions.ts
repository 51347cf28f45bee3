// Operator actions (status page) and paused flows: the SQL both adapters share.
import { scrub, scrubOptional } from '../../core/errors.ts';
import type { Row, SqlDriver } from './driver.ts';
import type { ActionRecord, FlowPause } from './port.ts';

const str = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));

export const toAction = (r: Row): ActionRecord => ({
  id: Number(r.id),
  action: String(r.action),
  flow: str(r.flow),
  target: str(r.target),
  actor: String(r.actor),
  why: str(r.why),
  outcome: String(r.outcome),
  at: String(r.at),
});

/** Append one audited action; resolves to its id. Free text is scrubbed of known secrets. */
export async function insertAction(db: SqlDriver, a: Omit<ActionRecord, 'id' | 'at'>): Promise<number> {
  const [row] = await db.all(
    'INSERT INTO ferry_actions (action, flow, target, actor, why, outcome, at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id',
    [
      a.action,
      a.flow,
      a.target,
      scrub(a.actor),
      scrubOptional(a.why),
      scrub(a.outcome),
      new Date().toISOString(),
    ],
  );
  return Number(row?.id);
}

export async function pauseOf(db: SqlDriver, flow: string): Promise<FlowPause | null> {
  const [r] = await db.all('SELECT * FROM ferry_paused_flows WHERE flow = ?', [flow]);
  return r ? { flow, actor: String(r.actor), why: str(r.why), at: String(r.at) } : null;
}

/** Pause (a row) or resume (no row); pausing a paused flow keeps the first pause. */
export async function setPause(
  db: SqlDriver,
  flow: string,
  pause: { actor: string; why: string | null } | null,
): Promise<void> {
  if (pause === null) await db.run('DELETE FROM ferry_paused_flows WHERE flow = ?', [flow]);
  else
    await db.run(
      'INSERT INTO ferry_paused_flows (flow, actor, why, at) VALUES (?, ?, ?, ?) ON CONFLICT (flow) DO NOTHING',
      [flow, scrub(pause.actor), scrubOptional(pause.why), new Date().toISOString()],
    );
}

/** Record how a background action (a replay) ended. */
export async function finishAction(db: SqlDriver, id: number, outcome: string): Promise<void> {
  await db.run('UPDATE ferry_actions SET outcome = ? WHERE id = ?', [scrub(outcome), id]);
}
