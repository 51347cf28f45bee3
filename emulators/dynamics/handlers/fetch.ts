// `GET <set>?fetchXml=…`: runs the FetchXML subset over one table, with simple paging and paging cookies.
import { jsonResponse, type ApiRequest, type ApiResponse } from '../api.ts';
import type { EmulatorContext } from '../context.ts';
import { E } from '../errors.ts';
import { contextUrl, projection, rowJson, storeLookup } from '../format.ts';
import { parseFetchXml, type FetchPlan } from '../fetchxml/parse.ts';
import { evaluateExpr } from '../odata/filter.ts';
import { parsePrefer, wantsAnnotation } from '../odata/prefer.ts';
import type { Row, Table } from '../store/store.ts';
import { nullsFirst } from './query.ts';

const NS = 'Microsoft.Dynamics.CRM.';
const MAX_PAGE = 5000;

/** Matching rows in query order: the `<order>` columns, then the primary key (the key order paging cookies follow). */
function sortedRows(table: Table, plan: FetchPlan): Row[] {
  const rows: Row[] = [];
  for (const r of table.rows.values())
    if (plan.filter === undefined || evaluateExpr(plan.filter, r)) rows.push(r);
  const pk = table.pk;
  return rows.sort((a, b) => {
    for (const o of plan.order) {
      const c = nullsFirst(a[o.col], b[o.col]);
      if (c !== 0) return o.desc ? -c : c;
    }
    return String(a[pk]).localeCompare(String(b[pk]));
  });
}

/** Where the requested page starts: after the cookie's last row when given, else `(page - 1) * count`. */
function startOf(table: Table, plan: FetchPlan, rows: readonly Row[], size: number): number {
  const byPage = (plan.page - 1) * size;
  const cookie = plan.pagingCookie;
  const last =
    cookie && new RegExp(`<${table.pk}\\s[^>]*last="\\{?([0-9A-Fa-f-]{36})\\}?"`).exec(cookie)?.[1];
  if (!last) return byPage;
  const id = last.toLowerCase();
  const pk = table.pk;
  // Key order only: the next page starts after the last key even if that row is gone since.
  if (plan.order.length === 0) {
    const i = rows.findIndex((r) => String(r[pk]) > id);
    return i < 0 ? rows.length : i;
  }
  const i = rows.findIndex((r) => r[pk] === id);
  return i < 0 ? byPage : i + 1;
}

const braced = (id: unknown) => `{${String(id).toUpperCase()}}`;

function pagingCookie(table: Table, page: readonly Row[], pageNo: number): string {
  const inner = `<cookie page="${pageNo}"><${table.pk} last="${braced(page[page.length - 1]?.[table.pk])}" first="${braced(page[0]?.[table.pk])}" /></cookie>`;
  return `<cookie pagenumber="${pageNo + 1}" pagingcookie="${encodeURIComponent(encodeURIComponent(inner))}" istracking="False" />`;
}

export function readFetch(ctx: EmulatorContext, table: Table, set: string, req: ApiRequest): ApiResponse {
  for (const [k] of req.query)
    if (k.startsWith('$')) throw E.badRequest(`The fetchXml query option cannot be combined with ${k}.`);
  const plan = parseFetchXml(table, req.query.get('fetchXml') ?? '');
  const prefer = parsePrefer(req.headers['prefer']);
  const rows = sortedRows(table, plan);
  const size = plan.top ?? plan.count ?? MAX_PAGE;
  const start = plan.top === undefined ? startOf(table, plan, rows, size) : 0;
  const page = rows.slice(start, start + size);
  const more = plan.top === undefined && start + size < rows.length;
  const p = projection(table.entity, plan.columns?.join(',') ?? null);
  const want = (term: string) => wantsAnnotation(prefer.annotations, `${NS}${term}`);
  const head: Record<string, unknown> = { '@odata.context': contextUrl(ctx.base, set, p) };
  if (plan.totalCount && want('totalrecordcount')) {
    head[`@${NS}totalrecordcount`] = Math.min(rows.length, MAX_PAGE);
    head[`@${NS}totalrecordcountlimitexceeded`] = rows.length > MAX_PAGE;
  }
  if (more && want('fetchxmlpagingcookie'))
    head[`@${NS}fetchxmlpagingcookie`] = pagingCookie(table, page, plan.page);
  if (want('morerecords')) head[`@${NS}morerecords`] = more;
  const lookup = storeLookup(ctx.store);
  // FetchXML results leave out columns whose value is null (unlike $select, which returns them as null).
  const value = page.map((r) => {
    const o = JSON.parse(rowJson(table.entity, r, p, prefer.annotations, undefined, lookup)) as Record<
      string,
      unknown
    >;
    for (const [k, v] of Object.entries(o)) if (v === null) delete o[k];
    return o;
  });
  const headers: Record<string, string> = {};
  if (prefer.annotations !== undefined)
    headers['Preference-Applied'] = `odata.include-annotations="${prefer.annotations}"`;
  return jsonResponse(200, { ...head, value }, headers);
}
