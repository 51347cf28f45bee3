// Row serialization: $select projection, FormattedValue annotations (before the value), ETags, contexts.
import type { EntityDef } from './schema/model.ts';
import { E } from './errors.ts';
import { FORMATTED, wantsAnnotation } from './odata/prefer.ts';
import type { Row, Store } from './store/store.ts';

export interface Projection {
  /** Columns written, in order (primary key always included). */
  readonly cols: readonly string[];
  /** `$select` text for the context URL, or undefined when none was given. */
  readonly selectText?: string;
}

export function projection(entity: EntityDef, select: string | null): Projection {
  if (select === null || select.trim() === '') {
    return { cols: [...entity.attributes.keys()] };
  }
  const names = select
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  for (const n of names) if (!entity.attributes.has(n)) throw E.unknownProperty(n, entity.logicalName);
  const cols = names.includes(entity.primaryKey) ? names : [...names, entity.primaryKey];
  return { cols, selectText: names.join(',') };
}

const NAV_PROP = 'Microsoft.Dynamics.CRM.associatednavigationproperty';
const LOOKUP_NAME = 'Microsoft.Dynamics.CRM.lookuplogicalname';

/** Finds which navigation property (and target table) a lookup value points through. */
export type LookupResolver = (
  entity: EntityDef,
  col: string,
  id: unknown,
) => { navigation: string; target: string } | undefined;

/** Resolver over the store: the single-valued navigation whose constraint is `col` and whose target holds `id`. */
export function storeLookup(store: Store): LookupResolver {
  return (entity, col, id) => {
    for (const n of entity.navigations.values()) {
      if (n.collection || n.constraint?.property !== col) continue;
      if (typeof id === 'string' && store.table(n.target)?.get(id))
        return { navigation: n.name, target: n.target };
    }
    return undefined;
  };
}

export const etagOf = (row: Row): string => `W/"${row.versionnumber}"`;

/** Serializes one row to JSON text; annotations only when the Prefer filter asks for them. */
export function rowJson(
  entity: EntityDef,
  row: Row,
  p: Projection,
  annotations: string | undefined,
  extra?: Record<string, unknown>,
  lookup?: LookupResolver,
  after?: Record<string, unknown>,
): string {
  const formatted = wantsAnnotation(annotations, FORMATTED);
  const nav = wantsAnnotation(annotations, NAV_PROP);
  const logical = wantsAnnotation(annotations, LOOKUP_NAME);
  const out: Record<string, unknown> = { ...extra, '@odata.etag': etagOf(row) };
  for (const c of p.cols) {
    const v = row[c] ?? null;
    if (formatted && v !== null) {
      const label = formattedValue(entity, c, v);
      if (label !== undefined) out[`${c}@${FORMATTED}`] = label;
    }
    if ((nav || logical) && v !== null && lookup && c.startsWith('_')) {
      const t = lookup(entity, c, v);
      if (t && nav) out[`${c}@${NAV_PROP}`] = t.navigation;
      if (t && logical) out[`${c}@${LOOKUP_NAME}`] = t.target;
    }
    out[c] = c === 'versionnumber' ? row.versionnumber : v;
  }
  // Expanded navigation properties follow the row's own columns.
  return JSON.stringify(after === undefined ? out : { ...out, ...after });
}

function formattedValue(entity: EntityDef, col: string, v: unknown): string | undefined {
  const attr = entity.attributes.get(col);
  if (!attr?.options) return undefined;
  const n = typeof v === 'boolean' ? Number(v) : v;
  return attr.options.find((o) => o.value === n)?.label;
}

/** `…$metadata#set(select,nav(nested))suffix`; `expand` holds the `nav(nested)` pieces. */
export function contextUrl(
  base: string,
  set: string,
  p: Projection | undefined,
  suffix = '',
  expand: readonly string[] = [],
): string {
  const parts = [...(p?.selectText !== undefined ? [p.selectText] : []), ...expand];
  return `${base}$metadata#${set}${parts.length ? `(${parts.join(',')})` : ''}${suffix}`;
}
