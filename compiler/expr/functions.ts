// The fixed function list of the expression language, with signatures for the type checker and the
// runtime/lib name each call compiles to. `now()` is deliberately absent: it would make a mapping's
// output depend on when it ran, so replays and the change hash would no longer be deterministic.
import { T, type Base, type ExprType } from './types.ts';

type Any = readonly Base[] | 'any';

export interface FnSig {
  readonly params: readonly Any[];
  /** Number of required parameters (the rest are optional). */
  readonly min: number;
  /** Accept any number of further arguments of the last parameter's kind. */
  readonly variadic?: boolean;
  readonly returns: (args: readonly ExprType[]) => ExprType;
  readonly doc: string;
}

const ONE_ANY: readonly Any[] = ['any'];
const S: Any = ['string'] as const;
const N: Any = ['number'] as const;
const D: Any = ['date', 'datetime', 'string'] as const;
const anyNull = (args: readonly ExprType[]): boolean => args.some((a) => a.nullable);
const str = (args: readonly ExprType[]): ExprType => T('string', anyNull(args));

export const FUNCTIONS: Readonly<Record<string, FnSig>> = {
  lower: { params: [S], min: 1, returns: str, doc: 'lower(s): lower case' },
  upper: { params: [S], min: 1, returns: str, doc: 'upper(s): upper case' },
  trim: { params: [S], min: 1, returns: str, doc: 'trim(s): strip leading/trailing whitespace' },
  left: { params: [S, N], min: 2, returns: str, doc: 'left(s, n): first n characters' },
  right: { params: [S, N], min: 2, returns: str, doc: 'right(s, n): last n characters' },
  replace: {
    params: [S, S, S],
    min: 3,
    returns: (a) => T('string', a[0]?.nullable ?? true),
    doc: 'replace(s, find, by): replace every occurrence',
  },
  concat: {
    params: ONE_ANY,
    min: 1,
    variadic: true,
    returns: () => T('string'),
    doc: 'concat(a, b, …): join as text, null counts as empty',
  },
  date: {
    params: [D],
    min: 1,
    returns: (a) => T('date', anyNull(a)),
    doc: 'date(x): date part (UTC) of a date-time or a "YYYY-MM-DD" text',
  },
  datetime: {
    params: [D],
    min: 1,
    returns: (a) => T('datetime', anyNull(a)),
    doc: 'datetime(x): parse an ISO or Campaign date-time',
  },
  formatDate: {
    params: [['date', 'datetime'], S],
    min: 2,
    returns: str,
    doc: 'formatDate(d, "YYYY-MM-DD hh:mm:ss.sss"): format in UTC',
  },
  addDays: {
    params: [['date', 'datetime'], N],
    min: 2,
    returns: (a) => T(a[0]?.base === 'datetime' ? 'datetime' : 'date', anyNull(a)),
    doc: 'addDays(d, n): n days later',
  },
  toString: { params: ONE_ANY, min: 1, returns: str, doc: 'toString(x): text form' },
  toNumber: {
    params: [['string', 'number', 'boolean']],
    min: 1,
    returns: (a) => T('number', a[0]?.nullable !== false || a[0]?.base === 'string'),
    doc: 'toNumber(x): number (empty text is null, bad text fails the record)',
  },
  toBoolean: {
    params: [['string', 'number', 'boolean']],
    min: 1,
    returns: (a) => T('boolean', a[0]?.nullable !== false || a[0]?.base === 'string'),
    doc: 'toBoolean(x): true/false/1/0/yes/no',
  },
  coalesce: {
    params: ONE_ANY,
    min: 2,
    variadic: true,
    returns: (a) => coalesceType(a),
    doc: 'coalesce(a, b, …): first value that is not null',
  },
  isEmpty: { params: ONE_ANY, min: 1, returns: () => T('boolean'), doc: 'isEmpty(x): null or blank text' },
  contains: {
    params: [S, S],
    min: 2,
    returns: (a) => T('boolean', anyNull(a)),
    doc: 'contains(s, part): case-insensitive',
  },
  startsWith: {
    params: [S, S],
    min: 2,
    returns: (a) => T('boolean', anyNull(a)),
    doc: 'startsWith(s, part): case-insensitive',
  },
  endsWith: {
    params: [S, S],
    min: 2,
    returns: (a) => T('boolean', anyNull(a)),
    doc: 'endsWith(s, part): case-insensitive',
  },
  round: {
    params: [N, N],
    min: 1,
    returns: (a) => T('number', a[0]?.nullable ?? true),
    doc: 'round(n, digits = 0): half away from zero',
  },
};

function coalesceType(args: readonly ExprType[]): ExprType {
  const typed = args.filter((a) => a.base !== 'null');
  const base = typed[0]?.base ?? 'null';
  return T(
    base,
    args.every((a) => a.nullable),
  );
}

export const FUNCTION_NAMES: readonly string[] = Object.keys(FUNCTIONS).sort();
