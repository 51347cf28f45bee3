// Dead-letter rows: the SQL both adapters share, with the discarded letters kept apart from the live ones.
import { scrub } from '../../core/errors.ts';
import type { Row, SqlDriver, SqlValue } from './driver.ts';
import { placeholders } from './driver.ts';
import type { DeadLetter, DeadLetterQuery, DiscardSelector, NewDeadLetter, RetryBackoff } from './port.ts';

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
  nextRetryAt: r.next_retry_at === null || r.next_retry_at === undefined ? null : String(r.next_retry_at),
});

/** The next retry time after `attempts` failures, the last one at `now`: exponential, capped. */
export function nextRetryAt(now: string, attempts: number, b: RetryBackoff): string {
  const wait = Math.min(b.capMs, b.baseMs * 2 ** Math.min(30, Math.max(0, attempts - 1)));
  return new Date(Date.parse(now) + wait).toISOString();
}

/** One dead letter per (flow, sourceId): a repeat failure updates it, counts the attempt, and revives a discarded one. */
export async function upsertDeadLetter(db: SqlDriver, d: NewDeadLetter, now: string): Promise<void> {
  // The attempt this failure makes decides the wait before the next automatic retry.
  const [prev] = await db.all('SELECT attempts FROM ferry_dead_letters WHERE flow = ? AND source_id = ?', [
    d.flow,
    d.sourceId,
  ]);
  const attempts = prev === undefined ? 1 : Number(prev.attempts) + 1;
  const next = d.retry === undefined ? null : nextRetryAt(now, attempts, d.retry);
  await db.run(
    `INSERT INTO ferry_dead_letters (flow, source_id, payload, reason, code, attempts, created_at, last_attempt_at, next_retry_at) VALUES (?, ?, ?, ?, ?, 1, ?, ?, ?)
     ON CONFLICT (flow, source_id) DO UPDATE SET payload = excluded.payload, reason = excluded.reason, code = excluded.code,
     attempts = ferry_dead_letters.attempts + 1, last_attempt_at = excluded.last_attempt_at, next_retry_at = excluded.next_retry_at,
     discarded_at = NULL, discarded_by = NULL, discard_note = NULL`,
    // Messages are scrubbed of every known secret value; the payload is the record itself, kept as is for retry.
    [d.flow, d.sourceId, JSON.stringify(d.payload ?? null), scrub(d.reason), d.code ?? null, now, now, next],
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

/** WHERE clause of a listing: live (or discarded) letters, narrowed by flow, code and retry state. */
function queryWhere(q: DeadLetterQuery): { sql: string; params: SqlValue[] } {
  const parts = [q.discarded === true ? 'discarded_at IS NOT NULL' : LIVE];
  const params: SqlValue[] = [];
  if (q.flow !== undefined) {
    parts.push('flow = ?');
    params.push(q.flow);
  }
  if (q.sourceId !== undefined) {
    parts.push('source_id = ?');
    params.push(q.sourceId);
  }
  if (q.sourceIds !== undefined) {
    parts.push(q.sourceIds.length === 0 ? '1 = 0' : `source_id IN (${placeholders(q.sourceIds.length)})`);
    params.push(...q.sourceIds);
  }
  if (q.reasonPrefix !== undefined) {
    // substr, not LIKE: the prefix is literal text in both dialects (no wildcards, no case folding).
    parts.push('substr(reason, 1, ?) = ?');
    params.push(q.reasonPrefix.length, q.reasonPrefix);
  }
  if (q.afterId !== undefined) {
    parts.push('id > ?');
    params.push(q.afterId);
  }
  if (q.code !== undefined) {
    parts.push('code = ?');
    params.push(q.code);
  }
  if (q.state === 'retrying') parts.push('next_retry_at IS NOT NULL');
  if (q.state === 'attention') parts.push('next_retry_at IS NULL');
  return { sql: parts.join(' AND '), params };
}

export async function listLetters(db: SqlDriver, q: DeadLetterQuery): Promise<readonly DeadLetter[]> {
  const w = queryWhere(q);
  const limit = q.limit !== undefined && q.limit >= 0 ? ` LIMIT ${Math.floor(q.limit)}` : '';
  const rows = await db.all(`SELECT * FROM ferry_dead_letters WHERE ${w.sql} ORDER BY id${limit}`, w.params);
  return rows.map(toDeadLetter);
}

export async function countLetters(db: SqlDriver, q: DeadLetterQuery): Promise<number> {
  const w = queryWhere({ ...q, discarded: false });
  const [row] = await db.all(`SELECT COUNT(*) AS n FROM ferry_dead_letters WHERE ${w.sql}`, w.params);
  return Number(row?.n ?? 0);
}
