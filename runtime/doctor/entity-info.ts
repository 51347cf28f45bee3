// EntityDefinitions of one table (SchemaName, ChangeTrackingEnabled, Keys), fetched once per doctor run.
import { HttpError } from '../../core/errors.ts';
import { parseJson } from '../http/errors.ts';
import type { DoctorContext } from './types.ts';

export interface EntityKey {
  readonly name: string;
  readonly attributes: readonly string[];
  /** `Active`, `Pending`, `InProgress` or `Failed`; undefined when read from $metadata (no status there). */
  readonly status?: string;
}

export interface EntityInfo {
  readonly logicalName: string;
  readonly schemaName: string;
  readonly changeTracking: boolean;
}

type Json = Record<string, unknown>;
const cache = new WeakMap<DoctorContext, Map<string, Promise<EntityInfo | null>>>();

const keyPath = (table: string): string => `EntityDefinitions(LogicalName='${table.replace(/'/g, "''")}')`;

/** The table's definition, or null when the org has no such table (404). */
export function entityInfo(ctx: DoctorContext, table: string): Promise<EntityInfo | null> {
  const mine = cache.get(ctx) ?? new Map<string, Promise<EntityInfo | null>>();
  cache.set(ctx, mine);
  const hit = mine.get(table);
  if (hit) return hit;
  const d = ctx.conn.dynamics;
  const what = `EntityDefinitions ${table}`;
  const p = d.http
    .get(
      d.http.url(`${keyPath(table)}?$select=LogicalName,SchemaName,ChangeTrackingEnabled`),
      undefined,
      what,
    )
    .then((res) => {
      const b = parseJson<Json>(res, what);
      return {
        logicalName: table,
        schemaName: typeof b['SchemaName'] === 'string' ? b['SchemaName'] : table,
        changeTracking: b['ChangeTrackingEnabled'] === true,
      };
    })
    .catch((err: unknown) => {
      if (err instanceof HttpError && err.status === 404) return null;
      throw err;
    });
  mine.set(table, p);
  return p;
}

/**
 * The table's alternate keys with their index status (`EntityDefinitions(...)/Keys`); null when the
 * server does not serve that collection (404/501), so the caller falls back to $metadata.
 */
export async function entityKeys(ctx: DoctorContext, table: string): Promise<EntityKey[] | null> {
  const d = ctx.conn.dynamics;
  const what = `alternate keys of ${table}`;
  try {
    const res = await d.http.get(
      d.http.url(`${keyPath(table)}/Keys?$select=LogicalName,KeyAttributes,EntityKeyIndexStatus`),
      undefined,
      what,
    );
    const list = (parseJson<Json>(res, what)['value'] as Json[] | undefined) ?? [];
    return list.map((k) => ({
      name: String(k['LogicalName'] ?? ''),
      attributes: Array.isArray(k['KeyAttributes']) ? k['KeyAttributes'].map(String) : [],
      ...(typeof k['EntityKeyIndexStatus'] === 'string' ? { status: k['EntityKeyIndexStatus'] } : {}),
    }));
  } catch (err) {
    if (err instanceof HttpError && (err.status === 404 || err.status === 501)) return null;
    throw err;
  }
}
