// Maps a Web API request (path below /api/data/v9.2/) to its handler; synchronous so $batch can reuse it.
import { ApiError, type ApiRequest, type ApiResponse } from './api.ts';
import type { EmulatorContext } from './context.ts';
import { E } from './errors.ts';
import { handleBatch } from './handlers/batch.ts';
import { bulkAction } from './handlers/bulk.ts';
import { isOperation, unboundOperation } from './handlers/functions.ts';
import { entityDefinitions, metadataDocument, serviceDocument } from './handlers/metadata.ts';
import { countCollection, readCollection } from './handlers/read.ts';
import {
  deleteEntity,
  patchEntity,
  postEntity,
  readEntity,
  readProperty,
  writeProperty,
} from './handlers/write.ts';
import { readNavigation } from './handlers/navigation.ts';
import { refRequest } from './handlers/refs.ts';
import { isPrivilegeFunction, retrieveUserPrivileges } from './handlers/privileges.ts';
import { splitPath } from './odata/path.ts';
import { metadataWrite } from './metadata-writes/handlers.ts';
import { activateDueKeys } from './metadata-writes/keys.ts';

export function pathOnly(path: string): string {
  const q = path.indexOf('?');
  const p = q < 0 ? path : path.slice(0, q);
  try {
    return decodeURIComponent(p);
  } catch {
    return p;
  }
}

/** Runs one request and always returns a response (errors become Web API error bodies). */
export function dispatch(ctx: EmulatorContext, req: ApiRequest): ApiResponse {
  try {
    return route(ctx, req);
  } catch (e) {
    if (e instanceof ApiError) return e.toResponse();
    throw e;
  }
}

function route(ctx: EmulatorContext, req: ApiRequest): ApiResponse {
  activateDueKeys(ctx);
  const path = pathOnly(req.path);
  const m = req.method;
  const notAllowed = () => E.methodNotAllowed(`${ctx.base}${path}`);
  if (path === '' || path === '/') {
    if (m !== 'GET') throw notAllowed();
    return serviceDocument(ctx);
  }
  if (path === '$metadata') {
    if (m !== 'GET') throw notAllowed();
    return metadataDocument(ctx);
  }
  if (path === '$batch') {
    if (m !== 'POST') throw notAllowed();
    return handleBatch(ctx, req, (r) => dispatch(ctx, r));
  }
  const segs = splitPath(path);
  const first = segs[0];
  if (!first) throw E.segmentNotFound(path);
  if (first.name === 'EntityDefinitions') {
    const written = metadataWrite(ctx, segs, req);
    if (written) return written;
    if (m !== 'GET') throw notAllowed();
    return entityDefinitions(ctx, segs, req);
  }
  const table = ctx.store.tableBySet(first.name);
  if (!table) {
    if (isOperation(ctx, first)) return unboundOperation(ctx, segs, req);
    throw E.segmentNotFound(first.name);
  }
  const set = first.name;
  const second = segs[1];
  if (first.key === undefined) {
    if (second === undefined) {
      if (m === 'GET') return readCollection(ctx, table, set, req);
      if (m === 'POST') return postEntity(ctx, table, set, req);
      throw notAllowed();
    }
    if (second.name === '$count' && segs.length === 2 && m === 'GET') return countCollection(ctx, table, req);
    if (second.name.startsWith('Microsoft.Dynamics.CRM.') && segs.length === 2) {
      if (m !== 'POST') throw notAllowed();
      return bulkAction(ctx, table, set, second.name.slice('Microsoft.Dynamics.CRM.'.length), req);
    }
    throw E.segmentNotFound(second.name);
  }
  if (second === undefined) {
    if (m === 'GET') return readEntity(ctx, table, set, first.key, req);
    if (m === 'PATCH') return patchEntity(ctx, table, set, first.key, req);
    if (m === 'DELETE') return deleteEntity(ctx, table, first.key, req);
    throw notAllowed();
  }
  const third = segs[2];
  if (segs.length === 2 && isPrivilegeFunction(table.entity.logicalName, second))
    return retrieveUserPrivileges(ctx, first.key, second, req);
  // Other bound functions/actions on one row (e.g. `contacts(id)/Microsoft.Dynamics.CRM.X`) are not modelled.
  if (second.name.startsWith('Microsoft.Dynamics.CRM.'))
    throw E.notImplemented(`the bound operation ${second.name}`);
  if (third === undefined) {
    const nav = table.entity.navigations.get(second.name);
    if (m === 'GET' && nav && second.key === undefined)
      return readNavigation(ctx, table, first.key, nav, req);
    if (m === 'GET') return readProperty(ctx, table, set, first.key, second.name);
    if (m === 'PUT' || m === 'DELETE') {
      if (!table.entity.attributes.has(second.name)) throw E.segmentNotFound(second.name);
      return writeProperty(ctx, table, set, first.key, second.name, req, false);
    }
    throw notAllowed();
  }
  if (third.name === '$ref' && segs.length === 3) return refRequest(ctx, table, set, first.key, second, req);
  throw E.segmentNotFound(third.name);
}
