// Pushdown: the subset of a filter condition that Dataverse can evaluate as $filter (reference
// dynamics-web-api.md §3). Strings quoted with '' doubling, GUIDs bare, dates ISO; URL-encoding is
// left to the HTTP layer. A condition that is not fully pushable gets a reason and stays predicate-only.
import { odataString } from '../../runtime/lib/odata.ts';
import { isGuid } from '../../core/guid.ts';
import { timestampMillis } from '../../core/time.ts';
import type { Expr } from './ast.ts';
import { problem, type ExprProblem } from './problems.ts';

export type PushResult =
  { readonly ok: true; readonly odata: string } | { readonly ok: false; readonly reason: string };

const OPS = { '==': 'eq', '!=': 'ne', '<': 'lt', '<=': 'le', '>': 'gt', '>=': 'ge' } as const;
const FLIP = { '==': '==', '!=': '!=', '<': '>', '<=': '>=', '>': '<', '>=': '<=' } as const;
const TEXT_FNS: Readonly<Record<string, string>> = {
  contains: 'contains',
  startsWith: 'startswith',
  endsWith: 'endswith',
};

const no = (reason: string): PushResult => ({ ok: false, reason });
const wrap = (e: Expr, s: string): string =>
  e.k === 'binary' && (e.op === '&&' || e.op === '||') ? `(${s})` : s;

/** OData text for one boolean condition; GUID literal problems are reported into `problems`. */
export function pushdown(e: Expr, problems: ExprProblem[]): PushResult {
  switch (e.k) {
    case 'field':
      return e.t.base === 'boolean' && e.ref.edm !== undefined
        ? { ok: true, odata: `${e.ref.name} eq true` }
        : no('not a column comparison');
    case 'unary': {
      if (e.op !== '!') return no('uses arithmetic');
      const inner = pushdown(e.arg, problems);
      return inner.ok ? { ok: true, odata: `not (${inner.odata})` } : inner;
    }
    case 'binary':
      if (e.op === '&&' || e.op === '||') {
        const l = pushdown(e.left, problems);
        if (!l.ok) return l;
        const r = pushdown(e.right, problems);
        if (!r.ok) return r;
        return {
          ok: true,
          odata: `${wrap(e.left, l.odata)} ${e.op === '&&' ? 'and' : 'or'} ${wrap(e.right, r.odata)}`,
        };
      }
      if (e.op in OPS) return comparison(e.op as keyof typeof OPS, e.left, e.right, problems);
      return no(e.op === '??' ? 'uses ??' : 'uses arithmetic');
    case 'call': {
      const fn = TEXT_FNS[e.fn];
      const [f, v] = e.args;
      if (
        fn &&
        f?.k === 'field' &&
        f.ref.edm !== undefined &&
        v?.k === 'lit' &&
        typeof v.value === 'string'
      ) {
        return { ok: true, odata: `${fn}(${f.ref.name},${odataString(v.value)})` };
      }
      return no(fn ? `${e.fn}() needs a column and a text literal to push down` : `uses ${e.fn}()`);
    }
    case 'lit':
      return no('constant condition');
    case 'template':
      return no('uses a template literal');
    case 'cond':
      return no('uses ?:');
  }
}

function comparison(op: keyof typeof OPS, left: Expr, right: Expr, problems: ExprProblem[]): PushResult {
  if (left.k !== 'field' && right.k === 'field') return comparison(FLIP[op], right, left, problems);
  if (left.k !== 'field' || left.ref.edm === undefined)
    return no(
      left.k === 'lit' && right.k === 'lit'
        ? 'compares two constants'
        : computed(left.k === 'field' ? right : left),
    );
  if (right.k === 'field') {
    if (right.ref.edm === undefined || right.t.base !== left.t.base)
      return no('compares columns of different types');
    return { ok: true, odata: `${left.ref.name} ${OPS[op]} ${right.ref.name}` };
  }
  const v = literal(left, right, problems);
  return v.ok ? { ok: true, odata: `${left.ref.name} ${OPS[op]} ${v.odata}` } : v;
}

// The literal side, formatted for the column's Edm type.
function literal(field: Expr & { k: 'field' }, x: Expr, problems: ExprProblem[]): PushResult {
  const edm = field.ref.edm;
  if (x.k === 'lit') {
    if (x.value === null) return { ok: true, odata: 'null' };
    if (typeof x.value === 'number' || typeof x.value === 'boolean')
      return { ok: true, odata: String(x.value) };
    if (edm === 'Edm.Guid') {
      if (!isGuid(x.value)) {
        problems.push(
          problem(
            'badGuid',
            x,
            `${JSON.stringify(x.value)} is not a GUID (column ${field.ref.name} is Edm.Guid)`,
          ),
        );
        return no('invalid GUID');
      }
      return { ok: true, odata: x.value.toLowerCase() };
    }
    return { ok: true, odata: odataString(x.value) };
  }
  const arg = x.k === 'call' ? x.args[0] : undefined;
  if (
    x.k === 'call' &&
    (x.fn === 'date' || x.fn === 'datetime') &&
    arg?.k === 'lit' &&
    typeof arg.value === 'string'
  ) {
    const iso = isoOf(arg.value);
    if (iso === null) return no('invalid date literal');
    if (edm === 'Edm.Date' && x.fn === 'date') return { ok: true, odata: iso.slice(0, 10) };
    if (edm === 'Edm.DateTimeOffset')
      return { ok: true, odata: x.fn === 'date' ? `${iso.slice(0, 10)}T00:00:00Z` : iso };
    return no('date literal of a different precision than the column');
  }
  return no(computed(x));
}

// Why a comparison operand is not a plain column or literal, in the user's words.
function computed(e: Expr): string {
  switch (e.k) {
    case 'call':
      return `uses ${e.fn}()`;
    case 'template':
      return 'uses a template literal';
    case 'cond':
      return 'uses ?:';
    case 'binary':
      return e.op === '??' ? 'uses ??' : 'uses arithmetic';
    case 'unary':
      return 'uses arithmetic';
    default:
      return 'compares with a computed value';
  }
}

function isoOf(s: string): string | null {
  const ms = timestampMillis(s);
  return Number.isNaN(ms) ? null : new Date(ms).toISOString().replace(/\.000Z$/, 'Z');
}
