// Row `$expand`: single-valued navigations (the related row or null) and 1:N collection-valued ones (the linked
// rows), each with nested `$select`; collections also take nested `$filter`, `$orderby` and `$top`.
import type { EmulatorContext } from '../context.ts';
import { E } from '../errors.ts';
import { projection, rowJson, storeLookup } from '../format.ts';
import { collectionLink, singleTarget, targetTables, type CollectionLink } from '../links.ts';
import { evaluateExpr, type FilterExpr } from '../odata/filter.ts';
import { parseExpand, type ExpandItem } from '../odata/expand.ts';
import type { NavigationDef } from '../schema/model.ts';
import type { Row, Table } from '../store/store.ts';
import { compileFilterText, nullsFirst, odata, parseOrderBy, type Order } from './query.ts';

export interface ExpandPlan {
  readonly nav: NavigationDef;
  /** Nested `$select` text, or null for every column. */
  readonly select: string | null;
  readonly link?: CollectionLink;
  readonly filter?: FilterExpr;
  readonly order?: readonly Order[];
  readonly top?: number;
}

/** "You can include up to 15 $expand options in a query" (join-tables doc). */
const MAX_EXPAND = 15;
const COLLECTION_ONLY = ['$filter', '$orderby', '$top'];

function planOne(ctx: EmulatorContext, table: Table, it: ExpandItem): ExpandPlan {
  const entity = table.entity;
  const nav = entity.navigations.get(it.name);
  if (nav === undefined) {
    if (entity.attributes.has(it.name))
      throw E.badRequest(
        `Property '${it.name}' on type 'Microsoft.Dynamics.CRM.${entity.logicalName}' is not a navigation property or complex property. Only navigation properties can be expanded.`,
      );
    throw E.unknownProperty(it.name, entity.logicalName);
  }
  for (const o of it.other) {
    if (o === '$expand') throw E.notImplemented(`nested $expand inside $expand=${it.name}(...)`);
    if (!COLLECTION_ONLY.includes(o)) throw E.notImplemented(`${o} inside $expand=${it.name}(...)`);
    // Documented for collection-valued navigation properties only; the wording is the emulator's (inference).
    if (!nav.collection)
      throw E.badRequest(`The query option '${o}' applies only to collection-valued navigation properties.`);
  }
  const select = it.select === undefined ? null : it.select.join(',');
  const targets = nav.collection ? [] : targetTables(ctx.store, nav);
  if (!nav.collection) {
    for (const n of it.select ?? [])
      if (!targets.some((t) => t.entity.attributes.has(n))) throw E.unknownProperty(n, nav.target);
    return { nav, select };
  }
  const link = collectionLink(ctx.store, entity, nav);
  if (link === undefined)
    throw E.notImplemented(`$expand of the many-to-many navigation property ${nav.name}`);
  projection(link.table.entity, select);
  const o = it.options;
  const top = o['$top'] === undefined ? undefined : Number(o['$top']);
  if (top !== undefined && (!Number.isInteger(top) || top < 0))
    throw E.badRequest(`Invalid value '${o['$top']}' for $top query option found.`);
  const filter = o['$filter'] === undefined ? undefined : compileFilterText(link.table, o['$filter']);
  const order = parseOrderBy(link.table, o['$orderby'] ?? null);
  return {
    nav,
    select,
    link,
    ...(filter ? { filter } : {}),
    ...(order ? { order } : {}),
    ...(top !== undefined ? { top } : {}),
  };
}

/** Validates `$expand` against the table's navigation properties; [] when absent. */
export function planExpand(ctx: EmulatorContext, table: Table, text: string | null): ExpandPlan[] {
  const items = odata(() => parseExpand(text));
  if (items.length > MAX_EXPAND)
    throw E.badRequest('Number of link entities in query exceeded maximum limit.');
  return items.map((it) => planOne(ctx, table, it));
}

/** `nav(nested select)` pieces of the context URL (no nested select gives `nav()`; unverified on a live org). */
export function expandContext(plans: readonly ExpandPlan[]): string[] {
  return plans.map((p) => `${p.nav.name}(${p.select ?? ''})`);
}

function related(ctx: EmulatorContext, table: Table, r: Row, select: string | null, ann?: string): unknown {
  const names =
    select
      ?.split(',')
      .filter((n) => table.entity.attributes.has(n))
      .join(',') ?? null;
  const p = projection(table.entity, names === '' ? table.pk : names);
  return JSON.parse(rowJson(table.entity, r, p, ann, undefined, storeLookup(ctx.store))) as unknown;
}

/** Linked rows by parent id, built once per request and plan: one pass over the target table, not one per row. */
const byParent = new WeakMap<ExpandPlan, Map<string, Row[]>>();

function childrenOf(plan: ExpandPlan, link: CollectionLink): Map<string, Row[]> {
  let index = byParent.get(plan);
  if (index === undefined) {
    index = new Map();
    for (const r of link.table.changedSince(0)) {
      const parent = r[link.column];
      if (typeof parent !== 'string') continue;
      const list = index.get(parent);
      if (list) list.push(r);
      else index.set(parent, [r]);
    }
    byParent.set(plan, index);
  }
  return index;
}

/** The expanded navigation properties of one row, to append after its columns. */
export function expandRow(
  ctx: EmulatorContext,
  table: Table,
  row: Row,
  plans: readonly ExpandPlan[],
  annotations: string | undefined,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const p of plans) {
    if (p.link === undefined) {
      const t = singleTarget(ctx.store, p.nav, row);
      out[p.nav.name] = t === null ? null : related(ctx, t.table, t.row, p.select, annotations);
      continue;
    }
    let rows = [...(childrenOf(p, p.link).get(row[table.pk] as string) ?? [])];
    if (p.filter) rows = rows.filter((r) => evaluateExpr(p.filter as FilterExpr, r));
    if (p.order) {
      const order = p.order;
      rows.sort((a, b) => {
        for (const o of order) {
          const c = nullsFirst(a[o.col], b[o.col]);
          if (c !== 0) return o.desc ? -c : c;
        }
        return a.versionnumber - b.versionnumber;
      });
    }
    if (p.top !== undefined) rows = rows.slice(0, p.top);
    const link = p.link;
    out[p.nav.name] = rows.map((r) => related(ctx, link.table, r, p.select, annotations));
  }
  return out;
}
