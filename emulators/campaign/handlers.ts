// Resource routes below `/<ORG>/campaign/`: collections, records, filters, counts, metadata, history.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ResourceDef } from './model.ts';
import type { Json } from '../common/json.ts';
import { readJson } from '../common/body.ts';
import { sendJson } from '../common/respond.ts';
import type { CampaignCounters } from './accounting.ts';
import { record } from './accounting.ts';
import { gatewayError, invalidConstant } from './errors.ts';
import type { FlavorConfig } from './flavor.ts';
import { blank, filterSegments, flavoredResourceType, isDropped, isRetiredName } from './flavor.ts';
import { decodePKey } from './pkey.ts';
import { count, page } from './query.ts';
import type { PageRequest } from './query.ts';
import type { RenderContext } from './render.ts';
import { collectionPath, renderRecord, renderResourceType } from './render.ts';
import type { CampaignStore } from './store.ts';
import type { Fields, Row } from './table.ts';
import type { ValidateContext } from './validate.ts';
import { isVisible, validateBody } from './validate.ts';

export interface HandlerEnv {
  readonly store: CampaignStore;
  readonly counters: CampaignCounters;
  readonly base: string;
  readonly bigTableThreshold: number;
  /** Raw resourceType snapshots by resource name, served as-is (hrefs rebased) when present. */
  readonly resourceTypes: ReadonlyMap<string, unknown>;
  readonly org: string;
  /** Campaign Standard, or Campaign v8 migrated from Standard. */
  readonly flavor: FlavorConfig;
}

const ROOTS = new Set(['profileAndServices', 'profileAndServicesExt', 'customResources']);

/** The resource `name` as reachable under `root`; linked resources are never also under customResources. */
function resolve(env: HandlerEnv, root: string, name: string): ResourceDef | undefined {
  const res = env.store.resource(name);
  if (!res) return undefined;
  if (name === 'profile') return root === 'customResources' ? undefined : res;
  return res.path === `${root}/${name}` ? res : undefined;
}

function renderCtx(env: HandlerEnv, root: string): RenderContext {
  return {
    base: env.base,
    root,
    ext: root !== 'profileAndServices',
    pathOf: (t) => {
      const r = env.store.resource(t);
      return r
        ? collectionPath(r, root === 'profileAndServices' ? root : 'profileAndServicesExt')
        : undefined;
    },
    blankFields: (r) =>
      Object.fromEntries(
        [...(env.flavor.dropped.get(r.name) ?? [])]
          .filter((f) => r.fields.has(f) && isVisible(f, root !== 'profileAndServices'))
          .map((f) => [f, blank(r.fields.get(f))]),
      ),
  };
}

function metadataDoc(env: HandlerEnv, res: ResourceDef, ctx: RenderContext): unknown {
  return flavoredResourceType(env.flavor, res, standardDoc(env, res, ctx));
}

function standardDoc(env: HandlerEnv, res: ResourceDef, ctx: RenderContext): unknown {
  const snapshot = env.resourceTypes.get(res.name);
  if (snapshot === undefined) return renderResourceType(res, ctx);
  // Snapshots carry production hrefs; clients follow hrefs, so they must point at the emulator.
  const raw = JSON.parse(
    // Any tenant id: a v8 instance serves snapshots taken under its Campaign Standard tenant id.
    JSON.stringify(snapshot).replace(/https:\/\/mc\.adobe\.io\/[^/"]+\/campaign/g, env.base),
  ) as { content?: Record<string, unknown> };
  if (ctx.ext || !raw.content) return raw;
  return {
    ...raw,
    content: Object.fromEntries(Object.entries(raw.content).filter(([k]) => isVisible(k, false))),
  };
}

export async function handleCampaign(
  env: HandlerEnv,
  req: IncomingMessage,
  res: ServerResponse,
  segs: string[],
  url: URL,
): Promise<void> {
  const method = req.method ?? 'GET';
  const [root = '', second, ...rest] = segs;
  if (!ROOTS.has(root)) return gatewayError(res, 500);
  const ctx = renderCtx(env, root);
  if (second === undefined || second === '') {
    if (root !== 'profileAndServicesExt' || method !== 'GET') return gatewayError(res, 404, 'Not Found');
    return listLinked(env, res, ctx);
  }
  if (second === 'resourceType' && rest.length === 1 && method === 'GET') {
    const r = resolve(env, root, rest[0] ?? '');
    if (!r) return gatewayError(res, 404, 'Not Found');
    record(env.counters, 'metadata');
    return sendJson(res, 200, metadataDoc(env, r, ctx));
  }
  if (second === 'resourceType' && rest.length === 2 && rest[1] === 'filters' && method === 'GET') {
    const r = resolve(env, root, rest[0] ?? '');
    if (!r) return gatewayError(res, 404, 'Not Found');
    record(env.counters, 'metadata');
    return sendJson(res, 200, (metadataDoc(env, r, ctx) as { filters?: unknown }).filters ?? {});
  }
  if (second === 'history' && root === 'profileAndServices' && method === 'GET')
    return history(env, res, ctx, rest);
  const resource = resolve(env, root, second);
  // Unknown resource: 404 (AIO e2e "should 404 Not Found"); body unrecorded, gateway shape chosen.
  if (!resource) return gatewayError(res, 404, 'Not Found');
  const table = env.store.table(resource.name);
  const parts = rest.filter((s, i) => s !== '' || i < rest.length - 1);
  const pageReq = (filterSegs: string[]): PageRequest => ({
    resource,
    table,
    filterSegs,
    query: url.searchParams,
    allowCustom: ctx.ext,
    ext: ctx.ext,
    bigTableThreshold: env.bigTableThreshold,
  });

  if (parts.length === 0) {
    if (method === 'GET') return list(env, res, ctx, pageReq([]), url, undefined);
    if (method === 'POST') return create(env, req, res, ctx, resource);
    return gatewayError(res, 405, 'Method Not Allowed');
  }
  const [first = '', ...more] = parts;
  if (parts.length === 1 && first === 'metadata' && method === 'GET') {
    record(env.counters, 'metadata');
    return sendJson(res, 200, metadataDoc(env, resource, ctx));
  }
  if (first.startsWith('@')) {
    if (more.length > 0) return gatewayError(res, 404, 'Not Found');
    const row = table.get(first);
    if (!row) {
      // Well-formed but gone (deleted) -> 404; garbled -> engine "not a valid constant".
      if (decodePKey(env.store.seed, resource.name, first) !== undefined)
        return gatewayError(res, 404, 'Not Found');
      throw invalidConstant(first);
    }
    return one(env, req, res, ctx, resource, row);
  }
  const last = parts[parts.length - 1] ?? '';
  if (last === '_count' && method === 'GET') {
    record(env.counters, 'count');
    const segs = parts.slice(0, -1);
    return sendJson(res, 200, { count: count(pageReq(filterSegments(env.flavor, resource, segs) ?? segs)) });
  }
  // Campaign v8 calls custom filters by their REST name; a filter wins over a field projection of the same name.
  const v8Filters = method === 'GET' ? filterSegments(env.flavor, resource, parts) : undefined;
  if (v8Filters) return list(env, res, ctx, pageReq(v8Filters), url, undefined);
  const retired = parts.find((p) => isRetiredName(env.flavor, resource, p));
  if (retired !== undefined) throw invalidConstant(retired);
  if (parts.length === 1 && resource.fields.has(first) && isVisible(first, ctx.ext) && method === 'GET') {
    return list(env, res, ctx, pageReq([]), url, first);
  }
  const customKeyCandidate =
    parts.length === 1 && root === 'profileAndServicesExt' && resource.name === 'profile';
  const knownFilter = ['byEmail', 'byText'].includes(first) || resource.filters.has(first);
  if (parts.every((p) => p.startsWith('by')) && method === 'GET' && (knownFilter || !customKeyCandidate)) {
    return list(env, res, ctx, pageReq(parts), url, undefined);
  }
  if (customKeyCandidate) {
    // Custom key access (top-level profile only): GET by an identification key value.
    const row = resource.keys.filter((k) => k.length === 1).flatMap((k) => table.find(k[0] ?? '', first))[0];
    if (row) return one(env, req, res, ctx, resource, row);
  }
  throw invalidConstant(first);
}

function list(
  env: HandlerEnv,
  res: ServerResponse,
  ctx: RenderContext,
  req: PageRequest,
  url: URL,
  projection: string | undefined,
): void {
  const result = page(req);
  record(env.counters, 'list');
  const content: Json[] = result.rows.map((r) =>
    projection ? (r.fields[projection] ?? null) : renderRecord(req.resource, r, ctx),
  );
  const body: Record<string, Json> = { content };
  const path = `${env.base}${url.pathname.slice(url.pathname.indexOf('/campaign/') + '/campaign'.length)}`;
  if (result.nextCursor) {
    const q = new URLSearchParams(url.searchParams);
    q.set('_lineStart', result.nextCursor);
    body.next = { href: `${path}?${q.toString()}` };
  }
  if (result.nextCursor || result.bigTable) {
    const q = new URLSearchParams(url.searchParams);
    q.delete('_lineStart');
    q.delete('_lineCount');
    const qs = q.toString();
    body.count = { href: `${path.replace(/\/$/, '')}/_count${qs ? `?${qs}` : ''}` };
    body.serverSidePagination = true;
  }
  sendJson(res, 200, body);
}

// Campaign v8 stores nothing in a dropped field (it answers blank); Standard keeps every field.
function keep(env: HandlerEnv, resource: ResourceDef, fields: Fields): Fields {
  return Object.fromEntries(Object.entries(fields).filter(([k]) => !isDropped(env.flavor, resource.name, k)));
}

function writeCtx(env: HandlerEnv, ctx: RenderContext): ValidateContext {
  if (env.flavor.flavor !== 'v8') return { ext: ctx.ext, linkExists: env.store.linkExists };
  const createLinked = (target: string, body: Record<string, Json>): string => {
    const def = env.store.resource(target);
    if (!def) throw invalidConstant(target);
    const wctx = writeCtx(env, ctx);
    return env.store.create(target, keep(env, def, validateBody(def, body, wctx))).pkey;
  };
  return { ext: ctx.ext, linkExists: env.store.linkExists, createLinked };
}

async function create(
  env: HandlerEnv,
  req: IncomingMessage,
  res: ServerResponse,
  ctx: RenderContext,
  resource: ResourceDef,
): Promise<void> {
  const fields = keep(env, resource, validateBody(resource, await readJson(req), writeCtx(env, ctx)));
  const row = env.store.create(resource.name, fields);
  record(env.counters, 'insert');
  sendJson(res, 201, renderRecord(resource, row, ctx));
}

async function one(
  env: HandlerEnv,
  req: IncomingMessage,
  res: ServerResponse,
  ctx: RenderContext,
  resource: ResourceDef,
  row: Row,
): Promise<void> {
  const method = req.method ?? 'GET';
  if (method === 'GET') {
    record(env.counters, 'get');
    return sendJson(res, 200, renderRecord(resource, row, ctx));
  }
  if (method === 'PATCH') {
    const fields = keep(env, resource, validateBody(resource, await readJson(req), writeCtx(env, ctx)));
    record(env.counters, env.store.patch(resource.name, row, fields) ? 'update' : 'updateNoop');
    return sendJson(res, 200, {
      PKey: row.pkey,
      href: `${env.base}/${collectionPath(resource, ctx.root)}/${row.pkey}`,
    });
  }
  if (method === 'DELETE') {
    env.store.remove(resource.name, row);
    record(env.counters, 'delete');
    // The body of a profile DELETE is undocumented; an empty JSON object keeps JSON clients happy.
    return sendJson(res, 200, {});
  }
  gatewayError(res, 405, 'Method Not Allowed');
}

function listLinked(env: HandlerEnv, res: ServerResponse, ctx: RenderContext): void {
  const out: Record<string, Json> = {};
  for (const r of env.store.metadata.resources.values()) {
    if (r.name === 'profile' || !r.path.startsWith('profileAndServicesExt/')) continue;
    out[r.name] = {
      content: `${env.base}/${r.path}/`,
      data: `/${r.path}/`,
      help: r.name,
      href: `${env.base}/${r.path}/metadata`,
      name: r.name,
      type: 'collection',
    };
  }
  record(env.counters, 'metadata');
  sendJson(res, 200, out);
  void ctx;
}

function history(env: HandlerEnv, res: ServerResponse, ctx: RenderContext, rest: string[]): void {
  const [pkey = '', sub, ...tail] = rest.filter((s) => s !== '');
  const profile = env.store.resource('profile');
  const row = profile ? env.store.table('profile').get(pkey) : undefined;
  if (!profile || !row) throw invalidConstant(pkey);
  record(env.counters, 'history');
  const href = `${env.base}/profileAndServices/history/${pkey}`;
  if (sub === undefined)
    return sendJson(res, 200, {
      ...renderRecord(profile, row, ctx),
      href,
      events: { href: `${href}/events/`, metadata: 'subHisto' },
    });
  if (sub !== 'events' || tail.length > 0) return gatewayError(res, 404, 'Not Found');
  const content = (env.store.history.get(pkey) ?? []).map((e) => ({
    PKey: e.pkey,
    category: e.category,
    date: e.date,
    href: `${href}/events/${e.pkey}`,
    label: e.label,
    mirrorPage: { href: `${href}/events/${e.pkey}/mirrorPage/` },
    type: e.type,
  }));
  sendJson(res, 200, { content });
}
