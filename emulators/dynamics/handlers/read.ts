// Collection reads: $select/$filter/$orderby/$top/$count, paging cookies, change tracking (initial and delta).
import { JSON_CT, type ApiRequest, type ApiResponse } from '../api.ts';
import type { EmulatorContext } from '../context.ts';
import { E } from '../errors.ts';
import { contextUrl, projection, rowJson, storeLookup, type Projection } from '../format.ts';
import { evaluateExpr } from '../odata/filter.ts';
import { readFetch } from './fetch.ts';
import { expandContext, expandRow, planExpand } from './expand.ts';
import { checkQueryOptions, compileFilter, nullsFirst, odata, parseOrderBy, READ_OPTIONS } from './query.ts';
import { parsePrefer, type Prefer } from '../odata/prefer.ts';
import {
  decodeSkipToken,
  encodeDeltaToken,
  encodeSkipToken,
  makeDeltaToken,
  parseDeltaToken,
  type PageState,
} from '../odata/tokens.ts';
import { candidateRows } from '../store/lookup.ts';
import type { Row, Table } from '../store/store.ts';

export const MAX_PAGE = 5000;
/** `$count` / `@odata.count` are capped at 5000 (§11 "Other limits"). */
export const COUNT_CAP = 5000;

/** Raw query pieces minus the paging/delta tokens, to rebuild links exactly as the client sent them. */
function linkQuery(req: ApiRequest): string[] {
  const q = req.path.includes('?') ? req.path.slice(req.path.indexOf('?') + 1) : '';
  return q
    .split('&')
    .filter((p) => p !== '' && !p.startsWith('$skiptoken=') && !p.startsWith('$deltatoken='));
}

const link = (base: string, set: string, pieces: string[]) =>
  `${base}${set}${pieces.length ? `?${pieces.join('&')}` : ''}`;

function pageResponse(
  head: Record<string, unknown>,
  rows: readonly string[],
  tail: Record<string, unknown>,
  headers: Record<string, string>,
): ApiResponse {
  const h = JSON.stringify(head);
  const chunks: string[] = [`${h.slice(0, -1)}${h.length > 2 ? ',' : ''}"value":[`];
  // Stream in slices so a 5000-row page never becomes one giant string.
  for (let i = 0; i < rows.length; i += 500) chunks.push((i ? ',' : '') + rows.slice(i, i + 500).join(','));
  const t = JSON.stringify(tail);
  chunks.push(t.length > 2 ? `],${t.slice(1)}` : ']}');
  return {
    status: 200,
    headers: { 'Content-Type': JSON_CT, 'OData-Version': '4.0', ...headers },
    body: chunks,
  };
}

function applied(prefer: Prefer, pageSize: number): Record<string, string> {
  const a: string[] = [];
  if (prefer.maxPageSize !== undefined) a.push(`odata.maxpagesize=${pageSize}`);
  if (prefer.trackChanges) a.push('odata.track-changes');
  if (prefer.annotations !== undefined) a.push(`odata.include-annotations="${prefer.annotations}"`);
  return a.length ? { 'Preference-Applied': a.join(',') } : {};
}

export function readCollection(
  ctx: EmulatorContext,
  table: Table,
  set: string,
  req: ApiRequest,
): ApiResponse {
  checkQueryOptions(req, READ_OPTIONS);
  if (req.query.has('fetchXml')) return readFetch(ctx, table, set, req);
  for (const q of ['savedQuery', 'userQuery'])
    if (req.query.has(q)) throw E.notImplemented(`the ${q} parameter`);
  const prefer = parsePrefer(req.headers['prefer']);
  const deltaToken = req.query.get('$deltatoken');
  const tracking = prefer.trackChanges || deltaToken !== null;
  if (tracking) {
    if (!table.entity.changeTracking) throw E.trackingDisabled(table.entity.logicalName);
    for (const o of ['filter', 'orderby', 'expand', 'top'])
      if (req.query.has(`$${o}`)) throw E.trackingOption(o);
  } else {
    // Supported by Dataverse but not modelled here: fail loudly rather than ignore them.
    if (req.query.has('$apply')) throw E.notImplemented('$apply');
  }
  const p = projection(table.entity, req.query.get('$select'));
  const pageSize = Math.min(prefer.maxPageSize ?? MAX_PAGE, MAX_PAGE);
  const skip = req.query.get('$skiptoken');
  const state = skip === null ? undefined : odata(() => decodeSkipToken(skip));
  const headers = applied(prefer, pageSize);
  if (tracking) return readTracked(ctx, table, set, req, p, prefer, pageSize, state, deltaToken, headers);
  return readPlain(ctx, table, set, req, p, prefer, pageSize, state, headers);
}

function readPlain(
  ctx: EmulatorContext,
  table: Table,
  set: string,
  req: ApiRequest,
  p: Projection,
  prefer: Prefer,
  pageSize: number,
  state: PageState | undefined,
  headers: Record<string, string>,
): ApiResponse {
  const filter = compileFilter(table, req);
  const order = parseOrderBy(table, req.query.get('$orderby'));
  const plans = planExpand(ctx, table, req.query.get('$expand'));
  const topText = req.query.get('$top');
  let top: number | undefined;
  if (topText !== null) {
    top = Number(topText);
    if (!Number.isInteger(top) || top < 0)
      throw E.badRequest(`Invalid value '${topText}' for $top query option found.`);
    // The 2024 doc: with odata.maxpagesize, "$top is ignored" (§5).
    if (prefer.maxPageSize !== undefined) top = undefined;
  }
  const emitted = state?.emitted ?? 0;
  const limit = top === undefined ? pageSize : Math.min(pageSize, top - emitted);
  const matches = (r: Row) => filter === undefined || evaluateExpr(filter, r);
  // Key equalities (getByIds, alternate-key lookups) read their rows from the indexes, in version order.
  const candidates = filter === undefined ? undefined : candidateRows(table, filter);
  const page: Row[] = [];
  let more = false;
  if (order === undefined) {
    // Without $orderby rows come in version order; the cookie remembers the last version (stable under writes).
    const after = state?.last ?? 0;
    const source =
      candidates === undefined
        ? table.changedSince(after)
        : candidates.filter((r) => r.versionnumber > after);
    for (const r of source) {
      if (!matches(r)) continue;
      if (page.length >= limit) {
        more = true;
        break;
      }
      page.push(r);
    }
  } else {
    const all: Row[] = [];
    for (const r of candidates ?? table.rows.values()) if (matches(r)) all.push(r);
    all.sort((a, b) => {
      for (const o of order) {
        const c = nullsFirst(a[o.col], b[o.col]);
        if (c !== 0) return o.desc ? -c : c;
      }
      return a.versionnumber - b.versionnumber;
    });
    page.push(...all.slice(emitted, emitted + limit));
    more = all.length > emitted + limit;
  }
  if (top !== undefined && emitted + page.length >= top) more = false;
  const head: Record<string, unknown> = {
    '@odata.context': contextUrl(ctx.base, set, p, '', expandContext(plans)),
  };
  if (req.query.get('$count') === 'true') {
    let n = 0;
    for (const r of candidates ?? table.rows.values()) if (matches(r) && ++n >= COUNT_CAP) break;
    head['@odata.count'] = n;
  }
  const tail: Record<string, unknown> = {};
  const last = page[page.length - 1];
  if (more && last !== undefined) {
    const next: PageState = {
      page: (state?.page ?? 1) + 1,
      last: last.versionnumber,
      emitted: emitted + page.length,
      snapshot: 0,
      phase: 'rows',
      tomb: 0,
    };
    tail['@odata.nextLink'] =
      `${link(ctx.base, set, linkQuery(req))}${linkQuery(req).length ? '&' : '?'}$skiptoken=${encodeURIComponent(encodeSkipToken(next, false))}`;
  }
  const lookup = storeLookup(ctx.store);
  const rows = page.map((r) =>
    rowJson(
      table.entity,
      r,
      p,
      prefer.annotations,
      undefined,
      lookup,
      expandRow(ctx, table, r, plans, prefer.annotations),
    ),
  );
  return pageResponse(head, rows, tail, headers);
}

function readTracked(
  ctx: EmulatorContext,
  table: Table,
  set: string,
  req: ApiRequest,
  p: Projection,
  prefer: Prefer,
  pageSize: number,
  state: PageState | undefined,
  deltaToken: string | null,
  headers: Record<string, string>,
): ApiResponse {
  const from = deltaToken === null ? 0 : checkDeltaToken(ctx, deltaToken);
  const snapshot = state?.snapshot ?? ctx.store.currentVersion;
  const items: string[] = [];
  let phase: 'rows' | 'deletes' = state?.phase ?? 'rows';
  let lastV = state?.last ?? from;
  let tomb = state?.tomb ?? 0;
  let more = false;
  if (phase === 'rows') {
    for (const r of table.changedSince(lastV, snapshot)) {
      if (items.length >= pageSize) {
        more = true;
        break;
      }
      items.push(rowJson(table.entity, r, p, prefer.annotations, undefined, storeLookup(ctx.store)));
      lastV = r.versionnumber;
    }
    if (!more && deltaToken !== null) phase = 'deletes';
  }
  if (!more && phase === 'deletes') {
    const dels = table.deletedSince(from, snapshot);
    const ctxDel = `${ctx.base}$metadata#${set}/$deletedEntity`;
    while (tomb < dels.length && items.length < pageSize) {
      const t = dels[tomb++];
      if (t) items.push(JSON.stringify({ '@odata.context': ctxDel, id: t.id, reason: 'deleted' }));
    }
    more = tomb < dels.length;
  }
  const pieces = linkQuery(req);
  const head: Record<string, unknown> = {
    '@odata.context': contextUrl(ctx.base, set, p, deltaToken === null ? '' : '/$delta'),
  };
  const tail: Record<string, unknown> = {};
  if (more) {
    const next: PageState = { page: (state?.page ?? 1) + 1, last: lastV, emitted: 0, snapshot, phase, tomb };
    tail['@odata.nextLink'] =
      `${link(ctx.base, set, pieces)}${pieces.length ? '&' : '?'}${deltaToken === null ? '' : `$deltatoken=${encodeDeltaToken(deltaToken)}&`}$skiptoken=${encodeURIComponent(encodeSkipToken(next, true))}`;
  } else {
    // Only the last page carries the deltaLink (§6, 3rd-party).
    const tok = encodeDeltaToken(makeDeltaToken(snapshot, ctx.clock.now()));
    head['@odata.deltaLink'] = `${link(ctx.base, set, pieces)}${pieces.length ? '&' : '?'}$deltatoken=${tok}`;
  }
  return pageResponse(head, items, tail, headers);
}

/** Returns the version a delta token stands for, or throws the expired-token error. */
export function checkDeltaToken(ctx: EmulatorContext, token: string): number {
  const t = parseDeltaToken(token);
  // Unparseable or too old: ExpiredVersionStamp (status/code assumed, §6 Unverified).
  if (t === undefined || t.version > ctx.store.currentVersion) throw E.expiredToken();
  if (ctx.clock.now() - t.issuedAt > ctx.deltaTokenMaxAgeMs) throw E.expiredToken();
  return t.version;
}

export function countCollection(ctx: EmulatorContext, table: Table, req: ApiRequest): ApiResponse {
  // $select, $orderby and $expand cannot change a count; $top/$skip and the rest would, so they are refused.
  checkQueryOptions(req, ['$filter', '$deltatoken', '$select', '$orderby', '$expand']);
  for (const q of ['fetchXml', 'savedQuery', 'userQuery'])
    if (req.query.has(q)) throw E.notImplemented(`the ${q} parameter on /$count`);
  const deltaToken = req.query.get('$deltatoken');
  let n = 0;
  if (deltaToken !== null) {
    if (!table.entity.changeTracking) throw E.trackingDisabled(table.entity.logicalName);
    const from = checkDeltaToken(ctx, deltaToken);
    for (const _ of table.changedSince(from)) n++;
    n += table.deletedSince(from).length;
  } else {
    const filter = compileFilter(table, req);
    if (filter === undefined) n = table.rows.size;
    else
      for (const r of candidateRows(table, filter) ?? table.rows.values()) if (evaluateExpr(filter, r)) n++;
  }
  // A bare number preceded by a UTF-8 BOM (§4).
  return {
    status: 200,
    headers: { 'Content-Type': 'text/plain', 'OData-Version': '4.0' },
    body: [`\uFEFF${Math.min(n, COUNT_CAP)}`],
  };
}
