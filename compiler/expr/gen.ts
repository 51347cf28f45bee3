// Expr -> TypeScript expression code calling runtime/lib (namespace `rt`). Only lit() splices values;
// field reads go through the caller's accessor. Semantics: see runtime/lib/logic.ts (3-valued logic).
import { lit } from '../emit/lit.ts';
import type { Expr, FieldRef } from './ast.ts';

export interface GenContext {
  /** Code that reads a field, e.g. `r["emailaddress1"]`; date-times must come back as Date | null. */
  readonly field: (ref: FieldRef) => string;
}

const CMP = { '==': 'eq', '!=': 'ne', '<': 'lt', '<=': 'le', '>': 'gt', '>=': 'ge' } as const;
const ARITH = { '-': 'sub', '*': 'mul', '/': 'div' } as const;

export function gen(e: Expr, ctx: GenContext): string {
  const g = (x: Expr): string => gen(x, ctx);
  switch (e.k) {
    case 'lit':
      return lit(e.value);
    case 'field':
      return ctx.field(e.ref);
    case 'template':
      return `rt.concat(${e.quasis.flatMap((q, i) => [lit(q), ...(e.parts[i] ? [g(e.parts[i])] : [])]).join(', ')})`;
    case 'unary':
      return e.op === '!' ? `rt.not(${g(e.arg)})` : `rt.neg(${g(e.arg)})`;
    case 'cond':
      return `(rt.truth(${g(e.test)}) ? ${g(e.then)} : ${g(e.else)})`;
    case 'call':
      return `rt.${callee(e.fn, e.args)}(${e.args.map(g).join(', ')})`;
    case 'binary': {
      const { op, left, right } = e;
      if (op === '&&') return `rt.and(${g(left)}, ${g(right)})`;
      if (op === '||') return `rt.or(${g(left)}, ${g(right)})`;
      if (op === '??') return `(${g(left)} ?? ${g(right)})`;
      if (op === '+')
        return e.t.base === 'string'
          ? `rt.concat(${g(left)}, ${g(right)})`
          : `rt.add(${g(left)}, ${g(right)})`;
      if (op === '-' || op === '*' || op === '/') return `rt.${ARITH[op]}(${g(left)}, ${g(right)})`;
      if (left.t.base === 'null' || right.t.base === 'null') {
        const other = left.t.base === 'null' ? right : left;
        return op === '==' ? `rt.isNull(${g(other)})` : `!rt.isNull(${g(other)})`;
      }
      return `rt.${CMP[op]}(${asComparable(left, right, g)}, ${asComparable(right, left, g)})`;
    }
  }
}

// A date compared with a datetime is midnight UTC of that date.
function asComparable(x: Expr, other: Expr, g: (x: Expr) => string): string {
  return x.t.base === 'date' && other.t.base === 'datetime' ? `rt.datetime(${g(x)})` : g(x);
}

function callee(fn: string, args: readonly Expr[]): string {
  if (fn === 'addDays' && args[0]?.t.base === 'datetime') return 'addDaysDt';
  return fn;
}
