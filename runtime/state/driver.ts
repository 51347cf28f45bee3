// The few SQL primitives the generic store needs; one implementation per database.
export type SqlValue = string | number | bigint | Uint8Array | null;
export type Row = Record<string, unknown>;

export interface SqlDriver {
  readonly dialect: 'sqlite' | 'postgres';
  /** Rows of a query; `?` placeholders in both dialects (converted for PostgreSQL). */
  all(sql: string, params?: readonly SqlValue[]): Promise<Row[]>;
  /** A statement without rows; resolves to the number of changed rows. */
  run(sql: string, params?: readonly SqlValue[]): Promise<number>;
  /**
   * The same one-row statement once per parameter row; resolves to the changed rows. Only where a prepared
   * statement run per row beats one multi-row statement (SQLite, in-process); callers fall back otherwise.
   */
  runEach?(sql: string, rows: readonly (readonly SqlValue[])[]): Promise<number>;
  /** Several statements without parameters (migrations). */
  exec(sql: string): Promise<void>;
  /** Run `fn` in one transaction; queries made inside it (same async context) join it. */
  transaction<T>(fn: () => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** `?` -> `$1..$n` (our SQL never contains `?` inside string literals). */
export const toDollarParams = (sql: string): string => {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
};

/** Split a list into chunks so IN lists stay under parameter limits. */
export function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

export const placeholders = (n: number): string => Array.from({ length: n }, () => '?').join(',');
