// Dead-letter rows: the SQL both adapters share, with the discarded letters kept apart from the live ones.
import { scrub } from '../../core/errors.ts';
import type { Row, SqlDriver, SqlValue } from './driver.ts';
import { placeholders } from './driver.ts';
import type { DeadLetter, DiscardSelector } from './port.ts';

const LIVE = 'discarded_at IS NULL';

export const toDeadLetter = (r: Row): DeadLetter => ({
  id: Number(r.id),
  flow: String(r.flow),
  sourceId: String(r.source_id),
  payload: JSON.parse(String(r.payload)) as unknown,
  reason: String(r.reason),
  attempts: Number(r.attempts),
  createdAt: String(r.created_at),
  lastAttemptAt: String(r.last_attempt_at),
  code: r.code === null || r.code === undefined ? null : String(r.code),
  discarded:
    r.discarded_at === null || r.discarded_at === undefined
      ? null
      : { at: String(r.discarded_at), by: String(r.discarded_by), note: String(r.discard_note) },
});

/** One dead letter per (flow, sourceId): a repeat failure updates it, counts the attempt, and revives a discarded one. */
export function upsertDeadLetter(
  db: SqlDriver,
  d: { flow: string; sourceId: string; payload: unknown; reason: string; code?: string },
  now: string,
): Promise<unknown> {
  return db.run(
    `INSERT INTO ferry_dead_letters (flow, source_id, payload, reason, code, attempts, created_at, last_attempt_at) VALUES (?, ?, ?, ?, ?, 1, ?, ?)
     ON CONFLICT (flow, source_id) DO UPDATE SET payload = excluded.payload, reason = excluded.reason, code = excluded.code,
     attempts = ferry_dead_letters.attempts + 1, last_attempt_at = excluded.last_attempt_at,
     discarded_at = NULL, discarded_by = NULL, discard_note = NULL`,
    // Messages are scrubbed of every known secret value; the payload is the record itself, kept as is for retry.
    [d.flow, d.sourceId, JSON.stringify(d.payload ?? null), scrub(d.reason), d.code ?? null, now, now],
  );
}

/** WHERE clause and parameters of a selection of live letters; null when it selects nothing. */
export function selectWhere(sel: DiscardSelector): { sql: string; params: SqlValue[] } | null {
  const parts = [LIVE];
  const params: SqlValue[] = [];
  if (sel.flow !== undefined) {
    parts.push('flow = ?');
    params.push(sel.flow);
  }
  if (sel.ids !== undefined) {
    if (sel.ids.length === 0) return null;
    parts.push(`id IN (${placeholders(sel.ids.length)})`);
    params.push(...sel.ids);
  } else if (sel.code !== undefined) {
    parts.push('code = ?');
    params.push(sel.code);
  } else if (sel.all !== true) return null; // a selector must say what it discards
  return { sql: parts.join(' AND '), params };
}

export async function listLetters(
  db: SqlDriver,
  flow: string | undefined,
  discarded: boolean,
): Promise<readonly DeadLetter[]> {
  const state = discarded ? 'discarded_at IS NOT NULL' : LIVE;
  const rows =
    flow === undefined
      ? await db.all(`SELECT * FROM ferry_dead_letters WHERE ${state} ORDER BY id`)
      : await db.all(`SELECT * FROM ferry_dead_letters WHERE flow = ? AND ${state} ORDER BY id`, [flow]);
  return rows.map(toDeadLetter);
}

export async function countLetters(db: SqlDriver, flow: string | undefined): Promise<number> {
  const [row] =
    flow === undefined
      ? await db.all(`SELECT COUNT(*) AS n FROM ferry_dead_letters WHERE ${LIVE}`)
      : await db.all(`SELECT COUNT(*) AS n FROM ferry_dead_letters WHERE flow = ? AND ${LIVE}`, [flow]);
  return Number(row?.n ?? 0);
}
