// Resolves a key predicate (primary or alternate key) to a row of a table.
import type { ApiError } from './api.ts';
import { E } from './errors.ts';
import { ODataSyntaxError } from './odata/lexer.ts';
import { parseKey, type KeyPredicate } from './odata/path.ts';
import type { Row, Table } from './store/store.ts';

export interface ResolvedKey {
  readonly key: KeyPredicate;
  /** Index of the alternate key used, or -1 for the primary key. */
  readonly altIndex: number;
  readonly row: Row | undefined;
}

export function parseKeyOrThrow(text: string): KeyPredicate {
  try {
    return parseKey(text);
  } catch (e) {
    if (e instanceof ODataSyntaxError) throw E.badRequest(e.message);
    throw e;
  }
}

export function resolveKey(table: Table, keyText: string): ResolvedKey {
  const key = parseKeyOrThrow(keyText);
  if (key.kind === 'id') return { key, altIndex: -1, row: table.get(key.id) };
  const names = Object.keys(key.values);
  // `(contactid=<guid>)` is the primary key in named form.
  if (names.length === 1 && names[0] === table.pk && typeof key.values[table.pk] === 'string') {
    const id = (key.values[table.pk] as string).toLowerCase();
    return { key: { kind: 'id', id }, altIndex: -1, row: table.get(id) };
  }
  const k = table.entity.alternateKeys.findIndex(
    (cols) => cols.length === names.length && cols.every((c) => names.includes(c)),
  );
  if (k < 0) throw E.keyNotDefined(table.entity.logicalName);
  return { key, altIndex: k, row: table.findByAltKey(k, key.values) };
}

export function notFoundFor(table: Table, r: ResolvedKey): ApiError {
  return r.key.kind === 'id'
    ? E.notFound(table.entity.logicalName, r.key.id)
    : E.notFoundByKey(table.entity.logicalName);
}
