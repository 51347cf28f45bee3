// $filter parser and evaluator (eq ne gt ge lt le, and/or/not, contains/startswith/endswith), case-insensitive strings.
import { ODataSyntaxError, tokenize, type Token } from './lexer.ts';

export { ODataSyntaxError } from './lexer.ts';

export type CmpOp = 'eq' | 'ne' | 'gt' | 'ge' | 'lt' | 'le';
export type FnName = 'contains' | 'startswith' | 'endswith';
export type LiteralType = 'string' | 'number' | 'boolean' | 'null' | 'guid' | 'date';

export type Operand =
  | { readonly k: 'prop'; readonly name: string }
  | { readonly k: 'lit'; readonly t: LiteralType; readonly v: string | number | boolean | null }
  | { readonly k: 'fn'; readonly name: FnName; readonly args: readonly [Operand, Operand] };

export type FilterExpr =
  | { readonly k: 'and' | 'or'; readonly l: FilterExpr; readonly r: FilterExpr }
  | { readonly k: 'not'; readonly e: FilterExpr }
  | { readonly k: 'cmp'; readonly op: CmpOp; readonly l: Operand; readonly r: Operand }
  | { readonly k: 'bool'; readonly e: Operand };

export interface FilterParseOptions {
  /** Returns false for an unknown property name (case-sensitive); omitted = accept all. */
  readonly hasProperty?: (name: string) => boolean;
  /** Entity logical name used in the unknown-property message. */
  readonly entityName?: string;
  /** Parameter aliases (`@p1`) from the query string, as raw literal text. */
  readonly aliases?: ReadonlyMap<string, string>;
}

const CMP = new Set(['eq', 'ne', 'gt', 'ge', 'lt', 'le']);
const FNS = new Set(['contains', 'startswith', 'endswith']);

export function parseFilter(text: string, opts: FilterParseOptions = {}): FilterExpr {
  const toks = tokenize(text);
  let i = 0;
  const peek = (): Token => toks[i] as Token;
  const next = (): Token => toks[i++] as Token;
  const syntax = (t: Token): never => {
    throw new ODataSyntaxError(`Syntax error at position ${t.pos} in '${text}'.`);
  };
  const isWord = (w: string) => peek().kind === 'ident' && peek().text === w;

  const operand = (): Operand => {
    const t = next();
    switch (t.kind) {
      case 'string':
        return { k: 'lit', t: 'string', v: t.value as string };
      case 'number':
        return { k: 'lit', t: 'number', v: t.value as number };
      case 'guid':
        return { k: 'lit', t: 'guid', v: t.value as string };
      case 'date':
        return { k: 'lit', t: 'date', v: t.value as string };
      case 'ident':
        break;
      default:
        return syntax(t);
    }
    if (t.text === 'null') return { k: 'lit', t: 'null', v: null };
    if (t.text === 'true' || t.text === 'false') return { k: 'lit', t: 'boolean', v: t.text === 'true' };
    if (t.text.startsWith('@')) {
      const raw = opts.aliases?.get(t.text);
      if (raw === undefined) return syntax(t);
      const sub = parseFilter(`x eq ${raw}`, { aliases: new Map() });
      return sub.k === 'cmp' ? sub.r : syntax(t);
    }
    if (peek().kind === 'lparen') {
      if (!FNS.has(t.text)) {
        throw new ODataSyntaxError(
          `An unknown function with name '${t.text}' was found. This may also be a function import or a key lookup on a navigation property, which is not allowed.`,
        );
      }
      next();
      const a = operand();
      if (next().kind !== 'comma') syntax(toks[i - 1] as Token);
      const b = operand();
      if (next().kind !== 'rparen') syntax(toks[i - 1] as Token);
      return { k: 'fn', name: t.text as FnName, args: [a, b] };
    }
    if (opts.hasProperty && !opts.hasProperty(t.text)) {
      throw new ODataSyntaxError(
        `Could not find a property named '${t.text}' on type 'Microsoft.Dynamics.CRM.${opts.entityName ?? ''}'.`,
      );
    }
    return { k: 'prop', name: t.text };
  };

  const primary = (): FilterExpr => {
    if (peek().kind === 'lparen') {
      next();
      const e = orExpr();
      if (next().kind !== 'rparen') syntax(toks[i - 1] as Token);
      return e;
    }
    const l = operand();
    if (peek().kind === 'ident' && CMP.has(peek().text)) {
      const op = next().text as CmpOp;
      return { k: 'cmp', op, l, r: operand() };
    }
    return { k: 'bool', e: l };
  };
  const unary = (): FilterExpr => {
    if (isWord('not')) {
      next();
      return { k: 'not', e: unary() };
    }
    return primary();
  };
  const andExpr = (): FilterExpr => {
    let l = unary();
    while (isWord('and')) {
      next();
      l = { k: 'and', l, r: unary() };
    }
    return l;
  };
  function orExpr(): FilterExpr {
    let l = andExpr();
    while (isWord('or')) {
      next();
      l = { k: 'or', l, r: andExpr() };
    }
    return l;
  }
  const e = orExpr();
  if (peek().kind !== 'end') syntax(peek());
  return e;
}

type Row = Readonly<Record<string, unknown>>;
type Val = string | number | boolean | null;

function value(o: Operand, row: Row): Val {
  switch (o.k) {
    case 'lit':
      return o.v;
    case 'prop': {
      const v = row[o.name];
      return v === undefined ? null : (v as Val);
    }
    case 'fn': {
      const a = value(o.args[0], row);
      const b = value(o.args[1], row);
      // A function over null is unknown (SQL LIKE with NULL), so `not contains(x,'a')` does not match a null x either.
      if (a === null || b === null) return null;
      if (typeof a !== 'string' || typeof b !== 'string') return false;
      const x = a.toLowerCase();
      const y = b.toLowerCase();
      return o.name === 'contains'
        ? x.includes(y)
        : o.name === 'startswith'
          ? x.startsWith(y)
          : x.endsWith(y);
    }
  }
}

const DATE_RE = /^\d{4}-\d{2}-\d{2}/;

/** Orders two non-null values; strings compare case-insensitively and ISO dates by instant. */
export function compareValues(a: Val, b: Val): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b);
  if (typeof a === 'string' && typeof b === 'string') {
    if (DATE_RE.test(a) && DATE_RE.test(b)) {
      const ta = Date.parse(a);
      const tb = Date.parse(b);
      if (!Number.isNaN(ta) && !Number.isNaN(tb)) return ta - tb;
    }
    const x = a.toLowerCase();
    const y = b.toLowerCase();
    return x < y ? -1 : x > y ? 1 : 0;
  }
  const x = String(a).toLowerCase();
  const y = String(b).toLowerCase();
  return x < y ? -1 : x > y ? 1 : 0;
}

/** SQL three-valued truth: null is "unknown". */
type B3 = boolean | null;

const isNullLit = (o: Operand): boolean => o.k === 'lit' && o.t === 'null';

// SQL semantics (inference: Dataverse turns $filter into SQL, reference §3 says nothing about nulls; users of
// Advanced Find know "does not equal" returns no blanks). Only a comparison with the literal `null` tests
// nullness (`x eq null` = IS NULL, `x ne null` = IS NOT NULL); any other comparison involving a null value is
// unknown, `not unknown` is unknown, and a row matches only when the filter is true. Same rules as runtime/lib/logic.ts.
function cmp(op: CmpOp, l: Operand, r: Operand, row: Row): B3 {
  const a = value(l, row);
  const b = value(r, row);
  if (isNullLit(l) || isNullLit(r)) {
    if (op === 'eq') return a === b;
    if (op === 'ne') return a !== b;
    return null;
  }
  if (a === null || b === null) return null;
  const c = compareValues(a, b);
  switch (op) {
    case 'eq':
      return c === 0;
    case 'ne':
      return c !== 0;
    case 'gt':
      return c > 0;
    case 'ge':
      return c >= 0;
    case 'lt':
      return c < 0;
    case 'le':
      return c <= 0;
  }
}

function evaluate3(e: FilterExpr, row: Row): B3 {
  switch (e.k) {
    case 'and': {
      const l = evaluate3(e.l, row);
      if (l === false) return false;
      const r = evaluate3(e.r, row);
      return r === false ? false : l === null || r === null ? null : true;
    }
    case 'or': {
      const l = evaluate3(e.l, row);
      if (l === true) return true;
      const r = evaluate3(e.r, row);
      return r === true ? true : l === null || r === null ? null : false;
    }
    case 'not': {
      const v = evaluate3(e.e, row);
      return v === null ? null : !v;
    }
    case 'cmp':
      return cmp(e.op, e.l, e.r, row);
    case 'bool': {
      // A bare Boolean column or function: null (blank column, function over null) is unknown.
      const v = value(e.e, row);
      return v === null ? null : v === true;
    }
  }
}

/** True when the row matches: the filter's three-valued result is true (unknown does not match). */
export function evaluateExpr(e: FilterExpr, row: Row): boolean {
  return evaluate3(e, row) === true;
}

/** Parses (when given text) and evaluates a $filter against one row of wire-form values. */
export function evaluateFilter(
  filter: string | FilterExpr,
  row: Row,
  opts: FilterParseOptions = {},
): boolean {
  return evaluateExpr(typeof filter === 'string' ? parseFilter(filter, opts) : filter, row);
}
