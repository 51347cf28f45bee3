// The dead-letter browser: live (or discarded) letters with reason, attempts, next retry; filters and paging.
import type { DeadLetter } from '../state/port.ts';
import type { SqlDriver } from '../state/driver.ts';
import { toDeadLetter } from '../state/dead-letters.ts';
import { orphanDueAt } from '../engine/entity/parked.ts';
import { PARENT_MISSING } from '../engine/record-errors.ts';
import { like, likeText, pageOf, Where, type Page, type Paging } from './source.ts';

export interface LetterRow extends Omit<DeadLetter, 'payload'> {
  /** When it is next retried: an orphan waits out its backoff; others go with the flow's next pass (null). */
  readonly nextRetryAt: string | null;
}

export interface LetterFilter extends Paging {
  readonly flow?: string | undefined;
  /** Reason code (e.g. FERRY_PARENT_MISSING). */
  readonly code?: string | undefined;
  /** Free text in the reason or the record id. */
  readonly text?: string | undefined;
  /** The discarded letters instead of the live ones. */
  readonly discarded?: boolean | undefined;
}

export const toLetterRow = (d: DeadLetter): LetterRow => {
  const { payload: _payload, ...rest } = d;
  const orphan = d.reason.startsWith(PARENT_MISSING) && d.discarded === null;
  return { ...rest, nextRetryAt: orphan ? new Date(orphanDueAt(d)).toISOString() : null };
};

export function deadLetters(db: SqlDriver, f: LetterFilter = {}): Promise<Page<LetterRow>> {
  const w = new Where().add(f.discarded === true ? 'discarded_at IS NOT NULL' : 'discarded_at IS NULL');
  if (f.flow !== undefined && f.flow !== '') w.add('flow = ?', f.flow);
  if (f.code !== undefined && f.code !== '') w.add('code = ?', f.code);
  if (f.text !== undefined && f.text !== '') {
    const t = likeText(f.text);
    w.add(`(${like('reason')} OR ${like('source_id')})`, t, t);
  }
  return pageOf(db, 'ferry_dead_letters', w, f, (r) => toLetterRow(toDeadLetter(r)));
}

/** Reason codes of live letters with their counts (the browser's filter choices). */
export async function letterCodes(db: SqlDriver): Promise<{ code: string; count: number }[]> {
  const rows = await db.all(
    "SELECT COALESCE(code, '') AS code, COUNT(*) AS n FROM ferry_dead_letters WHERE discarded_at IS NULL GROUP BY COALESCE(code, '') ORDER BY 2 DESC",
  );
  return rows.map((r) => ({ code: String(r.code), count: Number(r.n) }));
}

/** One letter by id, with its payload (what a retry re-sends). */
export async function letterById(db: SqlDriver, id: number): Promise<DeadLetter | null> {
  const [r] = await db.all('SELECT * FROM ferry_dead_letters WHERE id = ?', [id]);
  return r ? toDeadLetter(r) : null;
}
