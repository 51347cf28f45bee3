// What the read models read from: the SQL store under a tenant's state port, and paging shapes.
import { StateError } from '../../core/errors.ts';
import type { SqlDriver, SqlValue } from '../state/driver.ts';
import { SqlStateStore } from '../state/sql-store.ts';
import type { StateStore } from '../state/port.ts';

/** The SQL behind a state store (both adapters are SQL stores; the read models query it directly). */
export function sqlOf(state: StateStore): SqlDriver {
  if (state instanceof SqlStateStore) return state.db;
  throw new StateError('FERRY_READ_UNSUPPORTED', 'this state store cannot be queried for history and traces');
}

export interface Paging {
  readonly limit?: number | undefined;
  readonly offset?: number | undefined;
}

export interface Page<T> {
  readonly rows: readonly T[];
  /** Rows matching the filters, all pages together. */
  readonly total: number;
  readonly limit: number;
  readonly offset: number;
}

const MAX_LIMIT = 500;

/** Clamp paging to sane bounds (page sizes come from query strings). */
export function paging(p: Paging, dflt = 50): { limit: number; offset: number } {
  const limit = Math.min(MAX_LIMIT, Math.max(1, Math.trunc(p.limit ?? dflt) || dflt));
  const offset = Math.max(0, Math.trunc(p.offset ?? 0) || 0);
  return { limit, offset };
}

/** WHERE parts joined, `1 = 1` when there are none. */
export class Where {
  private readonly parts: string[] = [];
  readonly params: SqlValue[] = [];
  add(sql: string, ...params: SqlValue[]): this {
    this.parts.push(sql);
    this.params.push(...params);
    return this;
  }
  get sql(): string {
    return this.parts.length === 0 ? '1 = 1' : this.parts.join(' AND ');
  }
}

/** A case-insensitive LIKE pattern for free text (wildcards in the text are matched literally: use with like()). */
export const likeText = (text: string): string =>
  `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** One page of `SELECT * FROM table WHERE … ORDER BY id DESC`, with the total. */
export async function pageOf<T>(
  db: SqlDriver,
  table: string,
  where: Where,
  p: Paging,
  map: (r: Record<string, unknown>) => T,
): Promise<Page<T>> {
  const { limit, offset } = paging(p);
  const [count] = await db.all(`SELECT COUNT(*) AS n FROM ${table} WHERE ${where.sql}`, where.params);
  const rows = await db.all(`SELECT * FROM ${table} WHERE ${where.sql} ORDER BY id DESC LIMIT ? OFFSET ?`, [
    ...where.params,
    limit,
    offset,
  ]);
  return { rows: rows.map(map), total: Number(count?.n ?? 0), limit, offset };
}

/** `LOWER(col) LIKE ? ESCAPE …`, the same in SQLite and PostgreSQL. */
export const like = (col: string): string => `LOWER(${col}) LIKE ? ESCAPE '\\'`;

/** The SQL store itself (pause, resume and the action log write through it). */
export function sqlStore(state: StateStore): SqlStateStore {
  sqlOf(state);
  return state as SqlStateStore;
}
