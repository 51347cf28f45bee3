// Plausible rows for any table, from its attribute definitions alone: option-set values, text within its length,
// dates, numbers, and lookups pointing at rows of the target tables. `ferry sandbox --tenant t` fills the tables
// the fixed generators (contacts, vehicles, visits) do not know.
import { Rng } from '../common/prng.ts';
import { targetTables } from '../dynamics/links.ts';
import type { AttributeDef, EntityDef } from '../dynamics/schema/model.ts';
import type { Store } from '../dynamics/store/store.ts';
import { DOMAINS, FIRST, LAST, MODELS } from './words.ts';

/** Columns the store sets itself. */
const STAMPED = new Set(['createdon', 'modifiedon', 'versionnumber', 'overriddencreatedon']);
const WORDS = [
  ...MODELS,
  'North',
  'Harbour',
  'Service',
  'Plan',
  'Premium',
  'Annual',
  'Review',
  'Green',
  'Fleet',
];
const CITIES = ['London', 'Lyon', 'Hamburg', 'Porto', 'Leeds', 'Bergen', 'Graz', 'Turin'];
const EPOCH = Date.UTC(2020, 0, 1);
const SPAN_DAYS = 6 * 365;
const pad = (n: number, w: number) => String(n).padStart(w, '0');

/** A string for column `name`: shaped by what the name says it holds, cut to the column's length. */
function text(r: Rng, a: AttributeDef, i: number): string {
  const n = a.name;
  const person = `${r.pick(FIRST)}.${r.pick(LAST)}`
    .normalize('NFD')
    .replace(/[^A-Za-z.]/g, '')
    .toLowerCase();
  const v = /email/.test(n)
    ? `${person}.${i}@${r.pick(DOMAINS)}`
    : /phone|fax/.test(n)
      ? `+44 20 ${pad(r.int(10000), 4)} ${pad(r.int(10000), 4)}`
      : /url|website/.test(n)
        ? `https://www.example.com/${r.pick(WORDS).toLowerCase()}/${i}`
        : /postalcode|zip/.test(n)
          ? pad(r.int(100000), 5)
          : /city/.test(n)
            ? r.pick(CITIES)
            : /firstname/.test(n)
              ? r.pick(FIRST)
              : /lastname/.test(n)
                ? r.pick(LAST)
                : a.attributeType === 'Memo'
                  ? Array.from({ length: 12 }, () => r.pick(WORDS).toLowerCase()).join(' ')
                  : `${r.pick(WORDS)} ${r.pick(WORDS)} ${i}`;
  return v.slice(0, a.maxLength ?? 100);
}

/** A value for one column, or undefined to leave it unset (lookups are filled in a second pass). */
function valueOf(r: Rng, a: AttributeDef, i: number): unknown {
  if (a.options && a.options.length > 0) {
    const o = r.pick(a.options).value;
    return a.type === 'Edm.Boolean' ? o === 1 : o;
  }
  const day = EPOCH + r.int(SPAN_DAYS) * 86_400_000;
  switch (a.type) {
    case 'Edm.String':
      return text(r, a, i);
    case 'Edm.Boolean':
      return r.chance(0.5);
    case 'Edm.Int16':
    case 'Edm.Int32':
    case 'Edm.Int64':
      return r.int(1000);
    case 'Edm.Decimal':
    case 'Edm.Double':
      return Math.round(r.next() * 1_000_000) / 100;
    case 'Edm.DateTimeOffset':
      return new Date(day + r.int(86_400) * 1000).toISOString().replace('.000Z', 'Z');
    case 'Edm.Date':
      return new Date(day).toISOString().slice(0, 10);
    case 'Edm.Guid':
      return /^_.+_value$/.test(a.name) ? undefined : r.guid();
    default:
      return undefined;
  }
}

/** Tables worth rows: with an entity set, not activities (events bring those), not already seeded. */
export const synthesizable = (e: EntityDef, skip: ReadonlySet<string>): boolean =>
  e.entitySetName !== '' && e.baseType !== 'activitypointer' && !skip.has(e.logicalName);

function row(r: Rng, e: EntityDef, i: number): Record<string, unknown> {
  const out: Record<string, unknown> = { [e.primaryKey]: r.guid() };
  for (const a of e.attributes.values()) {
    if (a.computed || STAMPED.has(a.name) || a.name === e.primaryKey) continue;
    const required = a.requiredLevel === 'SystemRequired' || a.requiredLevel === 'ApplicationRequired';
    // About one optional column in five is empty, as in real data.
    if (!required && r.chance(0.2)) continue;
    const v = valueOf(r, a, i);
    if (v !== undefined) out[a.name] = v;
  }
  return out;
}

/**
 * Inserts `rows` rows into every synthesizable table, then points each lookup of those rows at a random row
 * of a target table (seeded tables keep their own links). Deterministic for one seed; rows written per table.
 */
export function synthesizeRows(
  store: Store,
  o: { readonly seed: number; readonly rows: number; readonly skip: ReadonlySet<string> },
): Map<string, number> {
  const counts = new Map<string, number>();
  const made: { e: EntityDef; id: string }[] = [];
  for (const e of store.metadata.entities.values()) {
    if (!synthesizable(e, o.skip) || o.rows <= 0) continue;
    for (let i = 0; i < o.rows; i++) {
      const r = new Rng(`${o.seed}:synth:${e.logicalName}:${i}`);
      const stored = store.upsert(e.logicalName, row(r, e, i));
      made.push({ e, id: String(stored[e.primaryKey]) });
    }
    counts.set(e.logicalName, o.rows);
  }
  for (const { e, id } of made) {
    const r = new Rng(`${o.seed}:links:${e.logicalName}:${id}`);
    const links: Record<string, unknown> = {};
    for (const nav of e.navigations.values()) {
      const col = nav.constraint?.property;
      if (nav.collection || !col || col in links || r.chance(0.2)) continue;
      const ids = targetTables(store, nav).flatMap((t) => [...t.rows.keys()].slice(0, 50));
      if (ids.length > 0) links[col] = r.pick(ids);
    }
    if (Object.keys(links).length > 0) store.upsert(e.logicalName, { [e.primaryKey]: id, ...links });
  }
  return counts;
}
