// Reads a FetchXML query (the common subset: attributes, filter/condition, order, top, count, page, paging
// cookie) into a plan over one table; every element, attribute or operator outside the subset is refused.
import { XMLParser } from 'fast-xml-parser';
import { E } from '../errors.ts';
import type { FilterExpr } from '../odata/filter.ts';
import type { Table } from '../store/store.ts';
import { columnOf } from './columns.ts';
import { conditionExpr } from './conditions.ts';

type El = Record<string, unknown>;

export interface FetchOrder {
  readonly col: string;
  readonly desc: boolean;
}

export interface FetchPlan {
  /** Columns to return, or undefined for all (`all-attributes`, or no attribute element). */
  readonly columns?: readonly string[];
  readonly filter?: FilterExpr;
  readonly order: readonly FetchOrder[];
  readonly top?: number;
  readonly count?: number;
  readonly page: number;
  readonly pagingCookie?: string;
  readonly totalCount: boolean;
}

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  parseTagValue: false,
  parseAttributeValue: false,
  isArray: (_n, _p, _l, isAttribute) => !isAttribute,
});

const attrs = (el: El) => Object.keys(el).filter((k) => k.startsWith('@'));
const kids = (el: El) => Object.keys(el).filter((k) => !k.startsWith('@') && k !== '#text');
const list = (el: El, tag: string): El[] => (Array.isArray(el[tag]) ? (el[tag] as El[]) : []);
const str = (el: El, name: string): string | undefined =>
  typeof el[`@${name}`] === 'string' ? (el[`@${name}`] as string) : undefined;

/** Refuses attributes outside `allowed` (501: a FetchXML feature the emulator does not model). */
function only(el: El, where: string, allowed: readonly string[]): void {
  for (const a of attrs(el))
    if (!allowed.includes(a.slice(1)))
      throw E.notImplemented(`the FetchXML attribute '${a.slice(1)}' on <${where}>`);
}
function onlyKids(el: El, where: string, allowed: readonly string[]): void {
  for (const k of kids(el))
    if (!allowed.includes(k)) throw E.notImplemented(`<${k}> inside <${where}> in FetchXML`);
}

function posInt(el: El, name: string, max: number): number | undefined {
  const v = str(el, name);
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1 || n > max)
    throw E.badRequest(`The FetchXML '${name}' attribute must be an integer from 1 to ${max}; got '${v}'.`);
  return n;
}

function filterExpr(table: Table, el: El): FilterExpr | undefined {
  only(el, 'filter', ['type']);
  onlyKids(el, 'filter', ['condition', 'filter']);
  const type = str(el, 'type') ?? 'and';
  if (type !== 'and' && type !== 'or') throw E.badRequest(`Invalid filter type '${type}' in FetchXML.`);
  const parts: FilterExpr[] = [];
  for (const c of list(el, 'condition')) parts.push(conditionExpr(table, c));
  for (const f of list(el, 'filter')) {
    const e = filterExpr(table, f);
    if (e) parts.push(e);
  }
  return parts.reduce<FilterExpr | undefined>((l, r) => (l ? { k: type, l, r } : r), undefined);
}

export function parseFetchXml(table: Table, xml: string): FetchPlan {
  let doc: El;
  try {
    doc = parser.parse(xml, true) as El;
  } catch (e) {
    throw E.badRequest(`The fetchXml parameter is not well-formed XML: ${(e as Error).message}`);
  }
  const fetch = list(doc, 'fetch')[0];
  if (fetch === undefined || kids(doc).length !== 1)
    throw E.badRequest('The fetchXml parameter must hold one <fetch> element.');
  only(fetch, 'fetch', [
    'version',
    'mapping',
    'output-format',
    'distinct',
    'no-lock',
    'top',
    'count',
    'page',
    'paging-cookie',
    'returntotalrecordcount',
    'aggregate',
  ]);
  if (str(fetch, 'aggregate') === 'true') throw E.notImplemented('FetchXML aggregation');
  onlyKids(fetch, 'fetch', ['entity']);
  const entities = list(fetch, 'entity');
  const entity = entities[0];
  if (entity === undefined || entities.length !== 1)
    throw E.badRequest('A FetchXML query names exactly one <entity>.');
  only(entity, 'entity', ['name']);
  onlyKids(entity, 'entity', ['attribute', 'all-attributes', 'order', 'filter', 'link-entity']);
  if (list(entity, 'link-entity').length) throw E.notImplemented('<link-entity> in FetchXML');
  // The set in the URL and the FetchXML entity must agree (wording inferred).
  if (str(entity, 'name') !== table.entity.logicalName)
    throw E.badRequest(
      `The entity name '${str(entity, 'name') ?? ''}' in the FetchXML does not match the entity set's entity '${table.entity.logicalName}'.`,
    );
  for (const a of list(entity, 'attribute')) only(a, 'attribute', ['name']);
  const all = list(entity, 'all-attributes').length > 0;
  const named = list(entity, 'attribute').map((a) => columnOf(table, str(a, 'name')));
  const order = list(entity, 'order').map((o) => {
    only(o, 'order', ['attribute', 'descending']);
    return { col: columnOf(table, str(o, 'attribute')), desc: str(o, 'descending') === 'true' };
  });
  const filters = list(entity, 'filter')
    .map((f) => filterExpr(table, f))
    .filter((f) => f !== undefined);
  const filter = filters.reduce<FilterExpr | undefined>((l, r) => (l ? { k: 'and', l, r } : r), undefined);
  const top = posInt(fetch, 'top', 5000);
  const count = posInt(fetch, 'count', 5000);
  const page = posInt(fetch, 'page', Number.MAX_SAFE_INTEGER);
  // "Don't use the fetch element top attribute with paging" (FetchXML paging doc); refused rather than guessed.
  if (top !== undefined && (count !== undefined || page !== undefined))
    throw E.badRequest('The FetchXML top attribute cannot be combined with the count or page attributes.');
  const cookie = str(fetch, 'paging-cookie');
  return {
    ...(all || named.length === 0 ? {} : { columns: [...new Set(named)] }),
    ...(filter ? { filter } : {}),
    order,
    ...(top !== undefined ? { top } : {}),
    ...(count !== undefined ? { count } : {}),
    page: page ?? 1,
    ...(cookie !== undefined ? { pagingCookie: cookie } : {}),
    totalCount: str(fetch, 'returntotalrecordcount') === 'true',
  };
}
