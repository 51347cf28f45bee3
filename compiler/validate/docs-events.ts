// Event types share their keys: the reference shows them once as `types.<type>.…`, and per type only
// what differs (its own description, keys only it has, a key described differently).

/** One row of a key table in the mapping reference. */
export interface KeyRow {
  readonly path: string;
  readonly type: string;
  readonly required: boolean;
  readonly description: string;
}

export interface EventTypeRows {
  /** Rows outside `types.<type>` (version, contact, types, …). */
  readonly top: readonly KeyRow[];
  /** Keys every event type has, written `types.<type>.…`. */
  readonly shared: readonly KeyRow[];
  /** `types.<name>` itself, then its own or differently described keys. */
  readonly perType: readonly KeyRow[];
}

const TYPE_ROW = /^types\.([^.[\]]+)(.*)$/;
const same = (a: KeyRow, b: KeyRow): boolean =>
  a.type === b.type && a.required === b.required && a.description === b.description;

export function splitEventTypes(rows: readonly KeyRow[]): EventTypeRows {
  const top: KeyRow[] = [];
  const byType = new Map<string, Map<string, KeyRow>>();
  for (const row of rows) {
    const m = TYPE_ROW.exec(row.path);
    const [name, rest] = [m?.[1], m?.[2] ?? ''];
    if (name === undefined) top.push(row);
    else byType.set(name, (byType.get(name) ?? new Map<string, KeyRow>()).set(rest, row));
  }
  const types = [...byType.values()];
  const first = types[0] ?? new Map<string, KeyRow>();
  const shared: KeyRow[] = [];
  const common = new Map<string, KeyRow>();
  for (const [rest, row] of first) {
    if (rest === '') continue;
    const all = types.map((t) => t.get(rest));
    if (!all.every((r) => r !== undefined && r.type === row.type && r.required === row.required)) continue;
    // The wording most types use is the shared one; the others show up in the per-type table.
    const chosen = majority(all.filter((r): r is KeyRow => r !== undefined));
    common.set(rest, chosen);
    shared.push({ ...chosen, path: `types.<type>${rest}` });
  }
  const perType: KeyRow[] = [];
  for (const t of types)
    for (const [rest, row] of t) {
      const base = common.get(rest);
      if (base === undefined || !same(base, row)) perType.push(row);
    }
  return { top, shared, perType };
}

function majority(rows: readonly KeyRow[]): KeyRow {
  const count = (r: KeyRow): number => rows.filter((o) => o.description === r.description).length;
  return rows.reduce((best, r) => (count(r) > count(best) ? r : best));
}
