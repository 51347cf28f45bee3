// `GET <set>(<key>)/<nav>`: the related row of a single-valued navigation property, or the linked rows of a
// 1:N collection-valued one, with `$select`; other options are refused rather than ignored.
import { emptyResponse, jsonResponse, type ApiRequest, type ApiResponse } from '../api.ts';
import type { EmulatorContext } from '../context.ts';
import { E } from '../errors.ts';
import { contextUrl, projection, rowJson, storeLookup } from '../format.ts';
import { notFoundFor, resolveKey } from '../keys.ts';
import { collectionLink, linkedRows, singleTarget } from '../links.ts';
import type { NavigationDef } from '../schema/model.ts';
import type { Table } from '../store/store.ts';
import { checkQueryOptions } from './query.ts';

export function readNavigation(
  ctx: EmulatorContext,
  table: Table,
  keyText: string,
  nav: NavigationDef,
  req: ApiRequest,
): ApiResponse {
  checkQueryOptions(req, ['$select']);
  const r = resolveKey(table, keyText);
  if (!r.row) throw notFoundFor(table, r);
  const select = req.query.get('$select');
  const lookup = storeLookup(ctx.store);
  if (!nav.collection) {
    const t = singleTarget(ctx.store, nav, r.row);
    // An empty lookup has no entity to return: 204, as for a null property.
    if (t === null) return emptyResponse(204);
    const p = projection(t.table.entity, select);
    const ctxUrl = contextUrl(ctx.base, t.table.entity.entitySetName, p, '/$entity');
    const body = rowJson(t.table.entity, t.row, p, undefined, { '@odata.context': ctxUrl }, lookup);
    return { ...jsonResponse(200, null), body: [body] };
  }
  const link = collectionLink(ctx.store, table.entity, nav);
  if (link === undefined) throw E.notImplemented(`reading the many-to-many navigation property ${nav.name}`);
  const p = projection(link.table.entity, select);
  const value = linkedRows(link, r.row[table.pk] as string).map(
    (x) => JSON.parse(rowJson(link.table.entity, x, p, undefined, undefined, lookup)) as unknown,
  );
  return jsonResponse(200, {
    '@odata.context': contextUrl(ctx.base, link.table.entity.entitySetName, p),
    value,
  });
}
