// Index path for $filter: equality on the primary key or a one-column alternate key (and disjunctions of
// them) finds its rows directly instead of scanning the table. The result is only a candidate set (a
// superset of the matches): callers still evaluate the whole filter on each candidate, so the answer is
// the same as a scan's.
import type { FilterExpr, Operand } from '../odata/filter.ts';
import type { Row, Table } from './table.ts';

/** Same test as filter.ts's compareValues: both strings date-like means "compare as instants", which no index models. */
const DATE_RE = /^\d{4}-\d{2}-\d{2}/;

type Lit = Operand & { k: 'lit' };

/** Rows that can match `e`, in version order (the scan's order); undefined = no index applies, scan. */
export function candidateRows(table: Table, e: FilterExpr): Row[] | undefined {
  const ids = candidateIds(table, e);
  if (ids === undefined) return undefined;
  const rows: Row[] = [];
  for (const id of ids) {
    const r = table.get(id);
    if (r !== undefined) rows.push(r);
  }
  // Versions are unique per row, so this is exactly the order changedSince() yields.
  return rows.sort((a, b) => a.versionnumber - b.versionnumber);
}

function candidateIds(table: Table, e: FilterExpr): Set<string> | undefined {
  switch (e.k) {
    case 'cmp':
      return e.op === 'eq' ? equality(table, e.l, e.r) : undefined;
    case 'or': {
      // A disjunction is only narrowed when every branch is.
      const l = candidateIds(table, e.l);
      if (l === undefined) return undefined;
      const r = candidateIds(table, e.r);
      if (r === undefined) return undefined;
      for (const id of r) l.add(id);
      return l;
    }
    case 'and': {
      // Either side bounds a conjunction: keep the smaller set.
      const l = candidateIds(table, e.l);
      const r = candidateIds(table, e.r);
      if (l === undefined) return r;
      if (r === undefined) return l;
      return l.size <= r.size ? l : r;
    }
    default:
      return undefined;
  }
}

function equality(table: Table, a: Operand, b: Operand): Set<string> | undefined {
  const [prop, lit] =
    a.k === 'prop' && b.k === 'lit' ? [a.name, b] : b.k === 'prop' && a.k === 'lit' ? [b.name, a] : [];
  if (prop === undefined || lit === undefined || !indexable(lit)) return undefined;
  const v = lit.v as string | number | boolean;
  if (prop === table.pk) {
    // Stored primary keys are lower-case GUID strings; compareValues compares strings case-insensitively.
    return new Set([String(v).toLowerCase()]);
  }
  const k = table.entity.alternateKeys.findIndex((cols) => cols.length === 1 && cols[0] === prop);
  // A lossy index (duplicate key values written directly through /_sandbox) could miss rows: scan instead.
  if (k < 0 || table.altKeyShared) return undefined;
  const id = table.findByAltKey(k, { [prop]: v })?.[table.pk];
  return new Set(typeof id === 'string' ? [id] : []);
}

/** A literal whose equality with a stored value is exactly "same lower-cased text" (null and dates excluded). */
function indexable(lit: Lit): boolean {
  if (lit.v === null) return false;
  return typeof lit.v !== 'string' || !DATE_RE.test(lit.v);
}
