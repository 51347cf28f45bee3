// Create (POST), update/upsert (PATCH by primary or alternate key), delete, and single-property writes.
import { emptyResponse, jsonResponse, type ApiRequest, type ApiResponse } from '../api.ts';
import type { EmulatorContext } from '../context.ts';
import { E } from '../errors.ts';
import { checkQueryOptions } from './query.ts';
import { expandContext, expandRow, planExpand } from './expand.ts';
import { contextUrl, etagOf, projection, rowJson, storeLookup } from '../format.ts';
import { notFoundFor, resolveKey, type ResolvedKey } from '../keys.ts';
import { parsePrefer } from '../odata/prefer.ts';
import type { Row, Table } from '../store/store.ts';
import { applyLinks, takeCollectionBinds } from './binds.ts';
import { createRow, parseJsonBody, updateRow } from './rows.ts';
import { validateBody } from '../validate.ts';

const entityUrl = (ctx: EmulatorContext, set: string, row: Row, table: Table) =>
  `${ctx.base}${set}(${row[table.pk] as string})`;

function representation(
  ctx: EmulatorContext,
  table: Table,
  set: string,
  req: ApiRequest,
  row: Row,
  status: number,
): ApiResponse {
  const p = projection(table.entity, req.query.get('$select'));
  const prefer = parsePrefer(req.headers['prefer']);
  // A create honours $expand; an update ignores it (§7.1).
  const plans = status === 201 ? planExpand(ctx, table, req.query.get('$expand')) : [];
  const body = rowJson(
    table.entity,
    row,
    p,
    prefer.annotations,
    { '@odata.context': contextUrl(ctx.base, set, p, '/$entity', expandContext(plans)) },
    storeLookup(ctx.store),
    expandRow(ctx, table, row, plans, prefer.annotations),
  );
  const applied = [
    'return=representation',
    ...(prefer.annotations !== undefined ? [`odata.include-annotations="${prefer.annotations}"`] : []),
  ];
  return {
    status,
    headers: {
      'Content-Type': 'application/json; odata.metadata=minimal',
      'OData-Version': '4.0',
      'Preference-Applied': applied.join(','),
      ETag: etagOf(row),
    },
    body: [body],
  };
}

export function postEntity(ctx: EmulatorContext, table: Table, set: string, req: ApiRequest): ApiResponse {
  const { body, links } = takeCollectionBinds(ctx, table, set, parseJsonBody(set, req.body));
  const values = validateBody(ctx, table, set, body);
  const row = ctx.store.transaction(() => {
    const created = createRow(ctx, table, values);
    applyLinks(ctx, created[table.pk] as string, links);
    return created;
  });
  if (parsePrefer(req.headers['prefer']).returnRepresentation)
    return representation(ctx, table, set, req, row, 201);
  // Only OData-EntityId here; $batch adds Location to a create's part (§8).
  return emptyResponse(204, { 'OData-EntityId': entityUrl(ctx, set, row, table) });
}

/** `If-None-Match: null` is a standard request header (§2) and means "no condition". */
const header = (req: ApiRequest, name: string): string | undefined => {
  const v = req.headers[name];
  return v === undefined || v === 'null' || v === '' ? undefined : v;
};

export function upsertByKey(
  ctx: EmulatorContext,
  table: Table,
  r: ResolvedKey,
  values: Record<string, unknown>,
  ifMatch?: string,
  ifNone?: string,
): { row: Row; created: boolean } {
  if (r.row) {
    if (ifNone === '*') throw E.alreadyExists();
    if (ifMatch !== undefined && ifMatch !== '*' && ifMatch !== etagOf(r.row)) throw E.versionMismatch();
    // On update the URL's key values win; key columns in the body are dropped (§7.2).
    delete values[table.pk];
    if (r.key.kind === 'alt') for (const c of Object.keys(r.key.values)) delete values[c];
    return { row: updateRow(ctx, table, r.row, values), created: false };
  }
  if (ifMatch !== undefined) throw notFoundFor(table, r);
  // On create, body values are used if present, otherwise the URL's (§7.2).
  if (r.key.kind === 'alt')
    for (const [c, v] of Object.entries(r.key.values)) if (values[c] === undefined) values[c] = v;
  return { row: createRow(ctx, table, values, r.key.kind === 'id' ? r.key.id : undefined), created: true };
}

export function patchEntity(
  ctx: EmulatorContext,
  table: Table,
  set: string,
  keyText: string,
  req: ApiRequest,
): ApiResponse {
  const r = resolveKey(table, keyText);
  const { body, links } = takeCollectionBinds(ctx, table, set, parseJsonBody(set, req.body));
  const values = validateBody(ctx, table, set, body);
  const { row, created } = ctx.store.transaction(() => {
    const out = upsertByKey(ctx, table, r, values, header(req, 'if-match'), header(req, 'if-none-match'));
    applyLinks(ctx, out.row[table.pk] as string, links);
    return out;
  });
  if (parsePrefer(req.headers['prefer']).returnRepresentation)
    return representation(ctx, table, set, req, row, created ? 201 : 200);
  // OData-EntityId is "the key URL" (§7.2): an alternate-key upsert echoes its key predicate.
  const url = r.key.kind === 'alt' ? `${ctx.base}${set}(${keyText})` : entityUrl(ctx, set, row, table);
  return emptyResponse(204, { 'OData-EntityId': url });
}

export function deleteEntity(
  ctx: EmulatorContext,
  table: Table,
  keyText: string,
  req: ApiRequest,
): ApiResponse {
  const r = resolveKey(table, keyText);
  if (!r.row) throw notFoundFor(table, r);
  const ifMatch = header(req, 'if-match');
  if (ifMatch !== undefined && ifMatch !== '*' && ifMatch !== etagOf(r.row)) throw E.versionMismatch();
  table.delete(r.row[table.pk] as string, ctx.store.nextVersion());
  ctx.store.writes++;
  return emptyResponse(204);
}

/** PUT `set(id)/prop` with `{"value":…}`, DELETE `set(id)/prop`, DELETE `set(id)/nav/$ref`. */
export function writeProperty(
  ctx: EmulatorContext,
  table: Table,
  set: string,
  keyText: string,
  prop: string,
  req: ApiRequest,
  ref: boolean,
): ApiResponse {
  const r = resolveKey(table, keyText);
  if (!r.row) throw notFoundFor(table, r);
  let body: Record<string, unknown>;
  if (req.method === 'DELETE') body = ref ? { [`${prop}@odata.bind`]: null } : { [prop]: null };
  else {
    const parsed = parseJsonBody(set, req.body) as Record<string, unknown>;
    body = ref
      ? { [`${prop}@odata.bind`]: parsed['@odata.id'] ?? null }
      : { [prop]: parsed['value'] ?? null };
  }
  updateRow(ctx, table, r.row, validateBody(ctx, table, set, body));
  return emptyResponse(204);
}

export function readEntity(
  ctx: EmulatorContext,
  table: Table,
  set: string,
  keyText: string,
  req: ApiRequest,
): ApiResponse {
  // One row takes $select and $expand only; any other option is refused rather than ignored.
  checkQueryOptions(req, ['$select', '$expand']);
  const r = resolveKey(table, keyText);
  if (!r.row) throw notFoundFor(table, r);
  const prefer = parsePrefer(req.headers['prefer']);
  const etag = etagOf(r.row);
  // 304 only without annotations or $expand (§7.3).
  if (header(req, 'if-none-match') === etag && prefer.annotations === undefined && !req.query.has('$expand'))
    return emptyResponse(304, { ETag: etag });
  const p = projection(table.entity, req.query.get('$select'));
  const plans = planExpand(ctx, table, req.query.get('$expand'));
  const body = rowJson(
    table.entity,
    r.row,
    p,
    prefer.annotations,
    { '@odata.context': contextUrl(ctx.base, set, p, '/$entity', expandContext(plans)) },
    storeLookup(ctx.store),
    expandRow(ctx, table, r.row, plans, prefer.annotations),
  );
  const headers: Record<string, string> = {
    'Content-Type': 'application/json; odata.metadata=minimal',
    'OData-Version': '4.0',
    ETag: etag,
  };
  if (prefer.annotations !== undefined)
    headers['Preference-Applied'] = `odata.include-annotations="${prefer.annotations}"`;
  return { status: 200, headers, body: [body] };
}

export function readProperty(
  ctx: EmulatorContext,
  table: Table,
  set: string,
  keyText: string,
  prop: string,
): ApiResponse {
  const r = resolveKey(table, keyText);
  if (!r.row) throw notFoundFor(table, r);
  if (!table.entity.attributes.has(prop)) throw E.segmentNotFound(prop);
  const v = prop === 'versionnumber' ? r.row.versionnumber : (r.row[prop] ?? null);
  // A null property has no value to return: 204 (OData convention).
  if (v === null) return emptyResponse(204);
  return jsonResponse(200, {
    '@odata.context': `${ctx.base}$metadata#${set}(${r.row[table.pk] as string})/${prop}`,
    value: v,
  });
}
