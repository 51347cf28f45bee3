// Run history: every pass of every flow (runs, replays, dead-letter retries and discards), newest first.
import type { RunRecord } from '../state/port.ts';
import type { Row, SqlDriver } from '../state/driver.ts';
import { like, likeText, pageOf, Where, type Page, type Paging } from './source.ts';

export interface RunRow extends RunRecord {
  /** Seconds from start to end (null while running). */
  readonly seconds: number | null;
}

export interface RunFilter extends Paging {
  readonly flow?: string | undefined;
  /** Only runs that ended with an error. */
  readonly failed?: boolean | undefined;
  /** Free text in the error. */
  readonly text?: string | undefined;
}

export const toRun = (r: Row): RunRow => {
  const startedAt = String(r.started_at);
  const endedAt = r.ended_at === null || r.ended_at === undefined ? null : String(r.ended_at);
  return {
    id: Number(r.id),
    flow: String(r.flow),
    mode: String(r.mode),
    startedAt,
    endedAt,
    counts: JSON.parse(String(r.counts)) as Record<string, number>,
    error: r.error === null || r.error === undefined ? null : String(r.error),
    seconds: endedAt === null ? null : (Date.parse(endedAt) - Date.parse(startedAt)) / 1000,
  };
};

export function runHistory(db: SqlDriver, f: RunFilter = {}): Promise<Page<RunRow>> {
  const w = new Where();
  if (f.flow !== undefined && f.flow !== '') w.add('flow = ?', f.flow);
  if (f.failed === true) w.add('error IS NOT NULL');
  if (f.text !== undefined && f.text !== '') w.add(like('error'), likeText(f.text));
  return pageOf(db, 'ferry_runs', w, f, toRun);
}

/** Runs of `flow` whose time window holds `at` (what was running when a record was written or failed). */
export async function runsAt(db: SqlDriver, flow: string, at: readonly string[]): Promise<RunRow[]> {
  const out = new Map<number, RunRow>();
  for (const t of [...new Set(at)]) {
    const rows = await db.all(
      'SELECT * FROM ferry_runs WHERE flow = ? AND started_at <= ? AND (ended_at IS NULL OR ended_at >= ?) ORDER BY id DESC LIMIT 1',
      [flow, t, t],
    );
    for (const r of rows) out.set(Number(r.id), toRun(r));
  }
  return [...out.values()].sort((a, b) => b.id - a.id);
}
