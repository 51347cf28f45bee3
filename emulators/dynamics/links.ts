// Follows navigation properties through the lookup columns that hold them: a single-valued navigation reads its
// referential constraint's column; a collection-valued (1:N) one is its partner's column on the target table.
import type { EntityDef, NavigationDef } from './schema/model.ts';
import type { Row, Store, Table } from './store/store.ts';

/** A 1:N link seen from the "one" side: rows of `table` whose `column` holds the parent's id. */
export interface CollectionLink {
  readonly table: Table;
  readonly column: string;
}

/** Tables a navigation's target type stands for: itself, or its concrete subtypes when abstract (`principal`). */
export function targetTables(store: Store, nav: NavigationDef): Table[] {
  const own = store.table(nav.target);
  if (own && own.entity.entitySetName !== '') return [own];
  const out: Table[] = [];
  for (const e of store.metadata.entities.values())
    if (e.baseType === nav.target && e.entitySetName !== '') {
      const t = store.table(e.logicalName);
      if (t) out.push(t);
    }
  return out;
}

/** The related row of a single-valued navigation, or null when the lookup is empty or points elsewhere. */
export function singleTarget(store: Store, nav: NavigationDef, row: Row): { table: Table; row: Row } | null {
  const id = nav.constraint ? row[nav.constraint.property] : undefined;
  if (typeof id !== 'string') return null;
  for (const table of targetTables(store, nav)) {
    const r = table.get(id);
    if (r) return { table, row: r };
  }
  return null;
}

/**
 * The lookup column behind a collection-valued navigation: the `Partner` when the CSDL names one, else the only
 * single-valued navigation on the target that points back. Undefined for N:N relationships (not modelled).
 */
export function collectionLink(
  store: Store,
  entity: EntityDef,
  nav: NavigationDef,
): CollectionLink | undefined {
  const table = store.table(nav.target);
  if (!nav.collection || !table) return undefined;
  const back = (n: NavigationDef) =>
    !n.collection &&
    n.constraint !== undefined &&
    (n.target === entity.logicalName || n.target === entity.baseType);
  let partner = nav.partner === undefined ? undefined : table.entity.navigations.get(nav.partner);
  if (partner === undefined) {
    const candidates = [...table.entity.navigations.values()].filter(back);
    partner = candidates.length === 1 ? candidates[0] : undefined;
  }
  const column = partner && back(partner) ? partner.constraint?.property : undefined;
  return column && table.entity.attributes.has(column) ? { table, column } : undefined;
}

/** Rows linked to `id` through a 1:N link, in version order. */
export function linkedRows(link: CollectionLink, id: string): Row[] {
  const out: Row[] = [];
  for (const r of link.table.changedSince(0)) if (r[link.column] === id) out.push(r);
  return out;
}
