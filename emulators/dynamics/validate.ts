// Validates a JSON entity body against the table's metadata and returns column values in wire form.
import type { AttributeDef } from './schema/model.ts';
import type { EmulatorContext } from './context.ts';
import { E } from './errors.ts';
import { resolveKey } from './keys.ts';
import { splitPath } from './odata/path.ts';
import { isoSeconds, type Table } from './store/store.ts';

const GUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
const CHOICE_TYPES = new Set(['Picklist', 'State', 'Status']);
const BIND = '@odata.bind';

export function validateBody(
  ctx: EmulatorContext,
  table: Table,
  set: string,
  body: unknown,
): Record<string, unknown> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw E.payload(
      set,
      "A node of type 'StartArray' was read from the JSON reader when trying to read the start of an entry. A 'StartObject' node was expected.",
    );
  }
  const entity = table.entity;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(body as Record<string, unknown>)) {
    if (k.endsWith(BIND)) {
      bind(ctx, table, set, k.slice(0, -BIND.length), v, out);
      continue;
    }
    // Instance annotations (@odata.type, @odata.etag, x@OData.Community…) carry no column value.
    if (k.includes('@')) continue;
    const attr = entity.attributes.get(k);
    if (attr === undefined) {
      const nav = entity.navigations.get(k);
      if (nav && v === null) {
        clearLookup(table, k, out);
        continue;
      }
      if (nav) throw E.notImplemented('deep insert');
      throw E.invalidBodyProperty(k, entity.logicalName);
    }
    // A lookup is written through its navigation property, computed or not (§7.4).
    if (/^_.+_value$/.test(k)) throw E.lookupColumn();
    if (attr.computed) throw E.readOnly(k, entity.logicalName);
    out[k] = coerce(set, entity.logicalName, attr, v);
  }
  return out;
}

/** The payload error for a value of the wrong type (built only when thrown: coerce runs for every column). */
const badLiteral = (set: string, attr: AttributeDef, v: unknown) =>
  E.payload(
    set,
    `Cannot convert the literal '${typeof v === 'object' ? JSON.stringify(v) : String(v)}' to the expected type '${attr.type}'.`,
  );

function coerce(set: string, entity: string, attr: AttributeDef, v: unknown): unknown {
  if (v === null) return null;
  switch (attr.type) {
    case 'Edm.String':
      if (typeof v !== 'string') throw badLiteral(set, attr, v);
      if (attr.maxLength !== undefined && v.length > attr.maxLength)
        throw E.maxLength(attr.name, entity, attr.maxLength);
      return v;
    case 'Edm.Boolean':
      if (typeof v !== 'boolean') throw badLiteral(set, attr, v);
      return v;
    case 'Edm.Int16':
    case 'Edm.Int32':
    case 'Edm.Int64': {
      const n = typeof v === 'string' && attr.type === 'Edm.Int64' ? Number(v) : v;
      if (typeof n !== 'number' || !Number.isInteger(n)) throw badLiteral(set, attr, v);
      const limit =
        attr.type === 'Edm.Int16' ? 32767 : attr.type === 'Edm.Int32' ? 2147483647 : Number.MAX_SAFE_INTEGER;
      if (Math.abs(n) > limit + 1) throw badLiteral(set, attr, v);
      if (
        attr.options &&
        CHOICE_TYPES.has(attr.attributeType ?? '') &&
        !attr.options.some((o) => o.value === n)
      )
        throw E.badOption(attr.name, entity, n);
      return n;
    }
    case 'Edm.Decimal':
    case 'Edm.Double': {
      const n = typeof v === 'string' ? Number(v) : v;
      if (typeof n !== 'number' || !Number.isFinite(n)) throw badLiteral(set, attr, v);
      return n;
    }
    case 'Edm.Guid':
      if (typeof v !== 'string' || !GUID.test(v)) throw badLiteral(set, attr, v);
      return v.toLowerCase();
    case 'Edm.DateTimeOffset': {
      const t = typeof v === 'string' ? Date.parse(v) : Number.NaN;
      if (Number.isNaN(t)) throw badLiteral(set, attr, v);
      return isoSeconds(t);
    }
    case 'Edm.Date':
      if (typeof v !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(v)) throw badLiteral(set, attr, v);
      return v;
    default:
      return v;
  }
}

/** Lookup column written by a navigation property (its referential constraint, else `_<nav>_value`). */
function lookupColumn(table: Table, navName: string): string | undefined {
  const nav = table.entity.navigations.get(navName);
  const col = nav?.constraint?.property ?? `_${navName}_value`;
  return table.entity.attributes.has(col) ? col : undefined;
}

function clearLookup(table: Table, navName: string, out: Record<string, unknown>): void {
  const col = lookupColumn(table, navName);
  if (col !== undefined) out[col] = null;
}

function bind(
  ctx: EmulatorContext,
  table: Table,
  set: string,
  navName: string,
  v: unknown,
  out: Record<string, unknown>,
): void {
  const nav = table.entity.navigations.get(navName);
  // Only a declared navigation property may carry @odata.bind; a column name gets 0x80048d19 (§7.4).
  if (nav === undefined) throw E.bindOnColumn(set, navName);
  // Single create/update requests take collection binds out first (handlers/binds.ts); elsewhere (bulk
  // actions) they are refused rather than ignored.
  if (nav.collection) throw E.notImplemented(`collection-valued @odata.bind ('${navName}') in this request`);
  if (v === null) return clearLookup(table, navName, out);
  if (typeof v !== 'string')
    throw E.payload(set, `The value of an odata.bind annotation for '${navName}' must be a URL.`);
  const rel = v.startsWith(ctx.base)
    ? v.slice(ctx.base.length)
    : v.replace(/^https?:\/\/[^/]+\/api\/data\/v9\.\d\//, '').replace(/^\//, '');
  const seg = splitPath(rel)[0];
  const target = seg ? ctx.store.tableBySet(seg.name) : undefined;
  if (!seg || seg.key === undefined || target === undefined)
    throw E.payload(set, `The URL '${v}' in an odata.bind annotation is not valid.`);
  const r = resolveKey(target, seg.key);
  if (r.row === undefined) {
    throw r.key.kind === 'id'
      ? E.notFound(target.entity.logicalName, r.key.id)
      : E.notFoundByKey(target.entity.logicalName);
  }
  const col = lookupColumn(table, navName);
  if (col !== undefined) out[col] = r.row[target.pk];
}
