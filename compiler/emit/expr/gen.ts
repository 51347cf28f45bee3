// Expr -> TypeScript expression code calling runtime/lib (namespace `rt`), built with `_`: literals go
// through lit(), field reads through the caller's accessor. Semantics: runtime/lib/logic.ts (3-valued).
import { _, id, join, lit, type Code } from '../code.ts';
import type { Expr, FieldRef } from '../../expr/ast.ts';

export interface GenContext {
  /** Code that reads a field, e.g. `r["emailaddress1"]`; date-times must come back as Date | null. */
  readonly field: (ref: FieldRef) => Code;
}

const CMP = { '==': _`eq`, '!=': _`ne`, '<': _`lt`, '<=': _`le`, '>': _`gt`, '>=': _`ge` } as const;
const ARITH = { '-': _`sub`, '*': _`mul`, '/': _`div` } as const;
const COMMA = _`, `;

export function gen(e: Expr, ctx: GenContext): Code {
  const g = (x: Expr): Code => gen(x, ctx);
  switch (e.k) {
    case 'lit':
      return lit(e.value);
    case 'field':
      return ctx.field(e.ref);
    case 'template': {
      const parts = e.quasis.flatMap((q, i) => [lit(q), ...(e.parts[i] ? [g(e.parts[i])] : [])]);
      return _`rt.concat(${join(parts, COMMA)})`;
    }
    case 'unary':
      return e.op === '!' ? _`rt.not(${g(e.arg)})` : _`rt.neg(${g(e.arg)})`;
    case 'cond':
      return _`(rt.truth(${g(e.test)}) ? ${g(e.then)} : ${g(e.else)})`;
    case 'call':
      return _`rt.${callee(e.fn, e.args)}(${join(e.args.map(g), COMMA)})`;
    case 'binary': {
      const { op, left, right } = e;
      if (op === '&&') return _`rt.and(${g(left)}, ${g(right)})`;
      if (op === '||') return _`rt.or(${g(left)}, ${g(right)})`;
      if (op === '??') return _`(${g(left)} ?? ${g(right)})`;
      if (op === '+')
        return e.t.base === 'string'
          ? _`rt.concat(${g(left)}, ${g(right)})`
          : _`rt.add(${g(left)}, ${g(right)})`;
      if (op === '-' || op === '*' || op === '/') return _`rt.${ARITH[op]}(${g(left)}, ${g(right)})`;
      if (left.t.base === 'null' || right.t.base === 'null') {
        const other = left.t.base === 'null' ? right : left;
        return op === '==' ? _`rt.isNull(${g(other)})` : _`!rt.isNull(${g(other)})`;
      }
      return _`rt.${CMP[op]}(${asComparable(left, right, g)}, ${asComparable(right, left, g)})`;
    }
  }
}

// A date compared with a datetime is midnight UTC of that date.
function asComparable(x: Expr, other: Expr, g: (x: Expr) => Code): Code {
  return x.t.base === 'date' && other.t.base === 'datetime' ? _`rt.datetime(${g(x)})` : g(x);
}

// Function names were checked against the library table at parse time; id() re-checks the identifier.
function callee(fn: string, args: readonly Expr[]): Code {
  if (fn === 'addDays' && args[0]?.t.base === 'datetime') return id('addDaysDt');
  return id(fn);
}
