// Query pieces shared by collection reads, `$expand` and FetchXML: filters, ordering, parse-error translation.
import type { ApiRequest } from '../api.ts';
import { E } from '../errors.ts';
import { compareValues, parseFilter, type FilterExpr } from '../odata/filter.ts';
import { ODataSyntaxError } from '../odata/lexer.ts';
import type { Table } from '../store/store.ts';

/** Translates OData parse errors into the Web API's 400 body. */
export function odata<T>(fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof ODataSyntaxError) throw E.badRequest(e.message);
    throw e;
  }
}

export function compileFilter(table: Table, req: ApiRequest): FilterExpr | undefined {
  const text = req.query.get('$filter');
  if (text === null) return undefined;
  const aliases = new Map<string, string>();
  for (const [k, v] of req.query) if (k.startsWith('@')) aliases.set(k, v);
  return compileFilterText(table, text, aliases);
}

/** Parses a `$filter` text against a table's columns (aliases are not allowed inside `$expand`: pass none). */
export function compileFilterText(
  table: Table,
  text: string,
  aliases: ReadonlyMap<string, string> = new Map(),
): FilterExpr {
  const entity = table.entity;
  return odata(() =>
    parseFilter(text, {
      hasProperty: (n) => entity.attributes.has(n),
      entityName: entity.logicalName,
      aliases,
    }),
  );
}

export interface Order {
  readonly col: string;
  readonly desc: boolean;
}

export function parseOrderBy(table: Table, text: string | null): Order[] | undefined {
  if (text === null) return undefined;
  return text.split(',').map((part) => {
    const [col = '', dir = 'asc'] = part.trim().split(/\s+/);
    if (!table.entity.attributes.has(col)) throw E.unknownProperty(col, table.entity.logicalName);
    if (dir !== 'asc' && dir !== 'desc')
      throw E.badRequest(`Syntax error at position ${part.length} in '${text}'.`);
    return { col, desc: dir === 'desc' };
  });
}

export function nullsFirst(a: unknown, b: unknown): number {
  const x = a ?? null;
  const y = b ?? null;
  if (x === null || y === null) return x === y ? 0 : x === null ? -1 : 1;
  return compareValues(x as string, y as string);
}

/** System query options a collection read honours (`$apply` answers 501 where it is read). */
export const READ_OPTIONS = [
  '$select',
  '$filter',
  '$orderby',
  '$top',
  '$count',
  '$expand',
  '$skiptoken',
  '$deltatoken',
  '$apply',
];

/**
 * Refuses every `$` option outside `allowed` with 0x80060888, so none is silently ignored: `$skip`, `$search`
 * and `$format` are documented as unsupported, `$compute` is OData 4.01 (§2-§3), others are unknown to the service.
 */
export function checkQueryOptions(req: ApiRequest, allowed: readonly string[]): void {
  for (const [k, v] of req.query) {
    if (!k.startsWith('$')) continue;
    if (!allowed.includes(k)) throw E.queryOption(k);
    if (k === '$count' && v !== 'true' && v !== 'false')
      throw E.badRequest(`'${v}' is not a valid count option.`);
  }
}
