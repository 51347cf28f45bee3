// Filters (built-in and custom, chained), ordering and paging of list requests (reference §3, §4).
import type { ResourceDef } from './model.ts';
import type { Json } from '../common/json.ts';
import { EngineError, invalidConstant, invalidProperty } from './errors.ts';
import { decodeCursor, encodeCursor } from './pkey.ts';
import type { Row, Table } from './table.ts';
import { isVisible } from './validate.ts';

interface Compiled {
  /** Equality usable through the table index. */
  readonly eq?: { field: string; value: Json };
  readonly test: (r: Row) => boolean;
}

const BUILT_IN_PROFILE = new Set(['byEmail', 'byText']);
const eqTest = (field: string, value: string) => (r: Row) => {
  const v = r.fields[field];
  return v !== undefined && v !== null && String(v) === value;
};

function compileFilter(
  resource: ResourceDef,
  seg: string,
  q: URLSearchParams,
  allowCustom: boolean,
): Compiled {
  if (resource.name === 'profile' && seg === 'byEmail') {
    const email = q.get('email') ?? '';
    return { eq: { field: 'email', value: email }, test: eqTest('email', email) };
  }
  if (resource.name === 'profile' && seg === 'byText') {
    // Case-sensitive, prefix-only; email and last name unless filterType narrows it (reference §3).
    const text = q.get('text') ?? '';
    const fields = q.get('filterType') ? [q.get('filterType') ?? ''] : ['email', 'lastName'];
    return {
      test: (r) =>
        fields.some((f) => typeof r.fields[f] === 'string' && (r.fields[f] as string).startsWith(text)),
    };
  }
  const filter = allowCustom && !BUILT_IN_PROFILE.has(seg) ? resource.filters.get(seg) : undefined;
  if (!filter) throw invalidConstant(seg);
  const tests = filter.params.map((p) => {
    const value = q.get(p);
    // A missing parameter's real behaviour is unrecorded; the emulator refuses it loudly.
    if (value === null) throw new EngineError(`Missing parameter '${p}' for filter '${seg}'`);
    const field = p.endsWith('_parameter') ? p.slice(0, -'_parameter'.length) : p;
    const type = resource.fields.get(field)?.type ?? 'string';
    const typed: Json = ['byte', 'short', 'long', 'int64', 'float', 'double'].includes(type)
      ? Number(value)
      : type === 'boolean'
        ? value === 'true'
        : value;
    return { field, value: typed, test: eqTest(field, value) };
  });
  const first = tests[0];
  return {
    ...(first ? { eq: { field: first.field, value: first.value } } : {}),
    test: (r) => tests.every((t) => t.test(r)),
  };
}

export interface PageRequest {
  readonly resource: ResourceDef;
  readonly table: Table;
  readonly filterSegs: readonly string[];
  readonly query: URLSearchParams;
  readonly allowCustom: boolean;
  readonly ext: boolean;
  readonly bigTableThreshold: number;
}

export interface PageResult {
  readonly rows: Row[];
  /** `_lineStart` of the next page, when one is offered. */
  readonly nextCursor?: string;
  /** Table above the big-table threshold without _forcePagination: no `next`. */
  readonly bigTable: boolean;
}

/** All matching rows as a lazy iterator (sequence order). */
export function matching(req: PageRequest, afterSeq = 0): Iterable<Row> {
  const compiled = req.filterSegs.map((s) => compileFilter(req.resource, s, req.query, req.allowCustom));
  const indexed = compiled.find((c) => c.eq);
  const source = indexed?.eq
    ? req.table.find(indexed.eq.field, indexed.eq.value).filter((r) => r.seq > afterSeq)
    : req.table.scan(afterSeq);
  return (function* () {
    for (const r of source) if (compiled.every((c) => c.test(r))) yield r;
  })();
}

function orderOf(req: PageRequest): { field: string; desc: boolean } | undefined {
  const raw = req.query.get('_order');
  if (!raw) return undefined;
  const [field = '', dir] = raw.trim().split(/\s+/);
  if (!req.resource.fields.has(field) || !isVisible(field, req.ext))
    throw invalidProperty(field, req.resource.name);
  return { field, desc: dir?.toLowerCase() === 'desc' };
}

const cmp = (a: Json | undefined, b: Json | undefined): number => {
  if (a === b) return 0;
  if (a === undefined || a === null) return -1;
  if (b === undefined || b === null) return 1;
  return a < b ? -1 : a > b ? 1 : 0;
};

// One sorted view per table, reused while the table is unchanged (paging an ordered list is O(page)).
const sortedCache = new WeakMap<Table, { key: string; version: number; rows: Row[] }>();

function sorted(req: PageRequest, order: { field: string; desc: boolean }): Row[] {
  const key = JSON.stringify([req.filterSegs, order, [...req.query].filter(([k]) => !k.startsWith('_'))]);
  const hit = sortedCache.get(req.table);
  if (hit && hit.key === key && hit.version === req.table.version) return hit.rows;
  const rows = [...matching(req)].sort(
    (a, b) => cmp(a.fields[order.field], b.fields[order.field]) * (order.desc ? -1 : 1) || a.seq - b.seq,
  );
  sortedCache.set(req.table, { key, version: req.table.version, rows });
  return rows;
}

export function page(req: PageRequest): PageResult {
  const raw = req.query.get('_lineCount');
  const lineCount = raw === null ? 25 : Number(raw);
  if (!Number.isInteger(lineCount) || lineCount < 1) throw invalidConstant(raw ?? '');
  const startRaw = req.query.get('_lineStart');
  const start = startRaw === null ? undefined : decodeCursor(startRaw);
  if (startRaw !== null && !start) throw invalidConstant(startRaw);
  // Above XtkBigTableThreshold, `next` is only returned with _forcePagination=true (reference §4).
  const paged = req.table.size <= req.bigTableThreshold || req.query.get('_forcePagination') === 'true';
  const order = orderOf(req);
  let rows: Row[];
  let more: boolean;
  let nextCursor: string | undefined;
  if (order) {
    const all = sorted(req, order);
    const offset = start?.kind === 'o' ? start.n : 0;
    rows = all.slice(offset, offset + lineCount);
    more = all.length > offset + lineCount;
    nextCursor = encodeCursor('o', offset + lineCount);
  } else {
    rows = [];
    const it = matching(req, start?.kind === 's' ? start.n : 0)[Symbol.iterator]();
    for (let n = it.next(); !n.done && rows.length <= lineCount; n = it.next()) rows.push(n.value);
    more = rows.length > lineCount;
    rows = rows.slice(0, lineCount);
    const last = rows[rows.length - 1];
    nextCursor = last ? encodeCursor('s', last.seq) : undefined;
  }
  return { rows, bigTable: !paged, ...(more && paged && nextCursor ? { nextCursor } : {}) };
}

export function count(req: PageRequest): number {
  if (req.filterSegs.length === 0) return req.table.size;
  let n = 0;
  for (const _ of matching(req)) n++;
  return n;
}
