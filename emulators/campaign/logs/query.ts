// The subset of `xtk:queryDef` select queries the emulator answers over the log tables: the selected
// attributes (`@attr`, `[link/@attr]`), one keyset condition, and `lineCount`. Anything else is refused
// loudly: the emulator models what ferry sends, not Campaign's whole expression language.
import type { BroadLogRow, CampaignLogs, TrackingLogRow } from './tables.ts';

export interface QueryDef {
  readonly schema: string;
  readonly operation: string;
  readonly lineCount: number;
  readonly select: readonly string[];
  readonly conditions: readonly string[];
}

export class QueryError extends Error {}

const attr = (tag: string, name: string): string | undefined =>
  new RegExp(`\\s${name}="([^"]*)"`).exec(tag)?.[1];
const unescape = (s: string): string =>
  s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');

export function readQueryDef(body: string): QueryDef {
  const open = /<queryDef\b[^>]*>/.exec(body)?.[0];
  if (!open) throw new QueryError('No queryDef element in the request');
  const exprs = (tag: string): string[] =>
    [...body.matchAll(new RegExp(`<${tag}\\b[^>]*/?>`, 'g'))].map((m) => unescape(attr(m[0], 'expr') ?? ''));
  const selectXml = /<select>([\s\S]*?)<\/select>/.exec(body)?.[1] ?? '';
  return {
    schema: attr(open, 'schema') ?? '',
    operation: attr(open, 'operation') ?? '',
    lineCount: Number(attr(open, 'lineCount') ?? '200'),
    select: [...selectXml.matchAll(/<node\b[^>]*\/?>/g)].map((m) => unescape(attr(m[0], 'expr') ?? '')),
    conditions: exprs('condition'),
  };
}

const campaignDate = (ms: number): string => new Date(ms).toISOString().replace('T', ' ');
const parseDate = (s: string): number => Date.parse(s.replace(' ', 'T'));

type Row = BroadLogRow | TrackingLogRow;

function value(row: Row, expr: string): string | undefined {
  const own = /^@(\w+)$/.exec(expr)?.[1];
  const r = row as unknown as Record<string, unknown>;
  if (own !== undefined) {
    const v = r[own];
    if (['lastModified', 'eventDate', 'logDate'].includes(own) && typeof v === 'number')
      return campaignDate(v);
    return v === undefined ? undefined : String(v);
  }
  const linked = /^\[(recipient|delivery|operation)\/@(\w+)\]$/.exec(expr);
  if (!linked) throw new QueryError(`Unsupported select expression '${expr}'`);
  const node = r[linked[1] ?? ''] as Record<string, unknown>;
  const key = linked[2] === 'id' && linked[1] === 'recipient' ? 'PKey' : (linked[2] ?? '');
  const v = node[key];
  return v === undefined || v === null ? undefined : String(v);
}

// `@id > N`, or the delivery log keyset `(@lastModified > #T# OR (@lastModified = #T# AND @id > N))`.
function predicate(expr: string): (r: Row) => boolean {
  const byId = /^@id > (\d+)$/.exec(expr);
  if (byId) return (r) => r.id > Number(byId[1]);
  const keyset = /^\(@lastModified > #([^#]+)# OR \(@lastModified = #([^#]+)# AND @id > (\d+)\)\)$/.exec(
    expr,
  );
  if (keyset && keyset[1] === keyset[2]) {
    const t = parseDate(keyset[1] ?? '');
    const id = Number(keyset[3]);
    return (r) => {
      const m = (r as BroadLogRow).lastModified;
      return m > t || (m === t && r.id > id);
    };
  }
  throw new QueryError(`Unsupported condition '${expr}'`);
}

/** The rows of one select, ordered as the keyset needs, as `[attribute path, value]` pairs. */
export function runQuery(logs: CampaignLogs, q: QueryDef): { element: string; rows: [string, string][][] } {
  if (q.operation !== 'select') throw new QueryError(`Unsupported operation '${q.operation}'`);
  const table: Row[] =
    q.schema === 'nms:broadLogRcp'
      ? [...logs.broad].sort((a, b) => a.lastModified - b.lastModified || a.id - b.id)
      : q.schema === 'nms:trackingLogRcp'
        ? logs.tracking
        : (() => {
            throw new QueryError(`Unknown schema '${q.schema}'`);
          })();
  const tests = q.conditions.map(predicate);
  const rows = table
    .filter((r) => tests.every((t) => t(r)))
    .slice(0, Math.max(0, q.lineCount))
    .map((r) =>
      q.select.flatMap((e): [string, string][] => {
        const v = value(r, e);
        return v === undefined ? [] : [[e, v]];
      }),
    );
  return { element: q.schema.split(':')[1] ?? '', rows };
}
