// `…/<nav>/$ref`: associate (POST, collection-valued), set (PUT, single-valued) and disassociate (DELETE) links.
import { emptyResponse, type ApiRequest, type ApiResponse } from '../api.ts';
import { resolveEntityUrl } from './binds.ts';
import type { EmulatorContext } from '../context.ts';
import { E } from '../errors.ts';
import { notFoundFor, resolveKey } from '../keys.ts';
import { collectionLink } from '../links.ts';
import type { Segment } from '../odata/path.ts';
import type { Row, Table } from '../store/store.ts';
import { parseJsonBody, updateRow } from './rows.ts';
import { writeProperty } from './write.ts';

/** Routes `set(key)/<navSeg>/$ref`. */
export function refRequest(
  ctx: EmulatorContext,
  table: Table,
  set: string,
  keyText: string,
  navSeg: Segment,
  req: ApiRequest,
): ApiResponse {
  const nav = table.entity.navigations.get(navSeg.name);
  if (nav === undefined) throw E.segmentNotFound(navSeg.name);
  const notAllowed = () => E.methodNotAllowed(`${ctx.base}${req.path.split('?')[0] ?? ''}`);
  if (!nav.collection) {
    if (navSeg.key !== undefined || (req.method !== 'PUT' && req.method !== 'DELETE')) throw notAllowed();
    return writeProperty(ctx, table, set, keyText, nav.name, req, true);
  }
  const link = collectionLink(ctx.store, table.entity, nav);
  if (link === undefined)
    throw E.notImplemented(`links through the many-to-many navigation property ${nav.name}`);
  const parent = resolveKey(table, keyText);
  if (!parent.row) throw notFoundFor(table, parent);
  const parentId = parent.row[table.pk] as string;
  const badRef = () =>
    E.badRequest(
      `The entity reference for '${nav.name}' must name a row of '${link.table.entity.entitySetName}'.`,
    );
  if (req.method === 'POST' && navSeg.key === undefined) {
    const body = parseJsonBody(set, req.body) as Record<string, unknown>;
    const id = body['@odata.id'];
    if (typeof id !== 'string')
      throw E.payload(set, `An '@odata.id' entity reference is required for '${nav.name}'.`);
    const child = resolveEntityUrl(ctx, id, badRef);
    if (child.table !== link.table) throw badRef();
    updateRow(ctx, link.table, child.row, { [link.column]: parentId });
    return emptyResponse(204);
  }
  if (req.method !== 'DELETE') throw notAllowed();
  // DELETE …/nav(<id>)/$ref or DELETE …/nav/$ref?$id=<url>.
  const ref = req.query.get('$id');
  let child: Row;
  if (navSeg.key !== undefined) {
    const r = resolveKey(link.table, navSeg.key);
    if (!r.row) throw notFoundFor(link.table, r);
    child = r.row;
  } else if (ref !== null) {
    const c = resolveEntityUrl(ctx, ref, badRef);
    if (c.table !== link.table) throw badRef();
    child = c.row;
  } else throw E.badRequest(`The $id query option is required to remove a reference from '${nav.name}'.`);
  // A row linked elsewhere is not in this collection: the same 404 as a missing row (inference).
  if (child[link.column] !== parentId)
    throw E.notFound(link.table.entity.logicalName, child[link.table.pk] as string);
  updateRow(ctx, link.table, child, { [link.column]: null });
  return emptyResponse(204);
}
