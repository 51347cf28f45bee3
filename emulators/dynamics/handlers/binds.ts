// Collection-valued `<nav>@odata.bind: [urls]` in a create or update body: resolved before the write (a missing
// row fails it), applied after it by pointing each related row's lookup at the written row.
import type { ApiError } from '../api.ts';
import type { EmulatorContext } from '../context.ts';
import { E } from '../errors.ts';
import { notFoundFor, resolveKey } from '../keys.ts';
import { collectionLink, type CollectionLink } from '../links.ts';
import { splitPath } from '../odata/path.ts';
import type { Row, Table } from '../store/store.ts';
import { updateRow } from './rows.ts';

const BIND = '@odata.bind';

export interface PendingLink {
  readonly link: CollectionLink;
  readonly row: Row;
}

/** Resolves an entity URL (absolute, `/set(key)` or `set(key)`) to its table and row; `bad` builds the error. */
export function resolveEntityUrl(
  ctx: EmulatorContext,
  url: string,
  bad: () => ApiError,
): { table: Table; row: Row } {
  const rel = url.startsWith(ctx.base)
    ? url.slice(ctx.base.length)
    : url.replace(/^https?:\/\/[^/]+\/api\/data\/v9\.\d\//, '').replace(/^\//, '');
  const segs = splitPath(rel);
  const seg = segs[0];
  const table = seg ? ctx.store.tableBySet(seg.name) : undefined;
  if (!seg || seg.key === undefined || table === undefined || segs.length !== 1) throw bad();
  const r = resolveKey(table, seg.key);
  if (r.row === undefined) throw notFoundFor(table, r);
  return { table, row: r.row };
}

/** Splits the collection binds out of a body; the rest goes through the usual validation. */
export function takeCollectionBinds(
  ctx: EmulatorContext,
  table: Table,
  set: string,
  body: unknown,
): { body: unknown; links: PendingLink[] } {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return { body, links: [] };
  const rest: Record<string, unknown> = {};
  const links: PendingLink[] = [];
  for (const [k, v] of Object.entries(body as Record<string, unknown>)) {
    const nav = k.endsWith(BIND) ? table.entity.navigations.get(k.slice(0, -BIND.length)) : undefined;
    if (nav === undefined || !nav.collection) {
      rest[k] = v;
      continue;
    }
    const link = collectionLink(ctx.store, table.entity, nav);
    if (link === undefined)
      throw E.notImplemented(`binds through the many-to-many navigation property ${nav.name}`);
    if (!Array.isArray(v) || v.some((u) => typeof u !== 'string'))
      throw E.payload(
        set,
        `The value of the collection-valued odata.bind annotation for '${nav.name}' must be an array of URLs.`,
      );
    const bad = () =>
      E.payload(
        set,
        `An URL in the odata.bind annotation for '${nav.name}' does not name a row of '${link.table.entity.entitySetName}'.`,
      );
    for (const u of v as string[]) {
      const r = resolveEntityUrl(ctx, u, bad);
      if (r.table !== link.table) throw bad();
      links.push({ link, row: r.row });
    }
  }
  return { body: rest, links };
}

/** Points each pending row's lookup at `parentId` (its current version, which may have changed since). */
export function applyLinks(ctx: EmulatorContext, parentId: string, links: readonly PendingLink[]): void {
  for (const { link, row } of links) {
    const current = link.table.get(row[link.table.pk] as string) ?? row;
    updateRow(ctx, link.table, current, { [link.column]: parentId });
  }
}
