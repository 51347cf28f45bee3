// IrFilter -> the `matches` predicate body (every condition, 3-valued) and the comment saying which
// condition runs where: pushed conditions are in $filter (full reads) AND in the predicate.
import type { IrFilter } from '../ir/index.ts';
import { _, comment, type Code } from './code.ts';
import type { ModuleCx } from './context.ts';
import { gen } from './expr/gen.ts';
import { at } from './header.ts';

export function predicate(f: IrFilter, mod: ModuleCx): Code[] {
  if (f.conditions.length === 0) return [_`return true;`];
  const out = [_`const r = row as unknown as Source;`];
  const all: Code[] = [];
  const any: Code[] = [];
  for (const c of f.conditions) {
    const v = mod.fresh('c');
    mod.mark(v, c.test.origin);
    out.push(_`const ${v} = ${gen(c.test.expr, mod)};`);
    (c.group === 'all' ? all : any).push(v);
  }
  if (any.length > 0) all.push(any.reduce((acc, v) => _`rt.or(${acc}, ${v})`));
  out.push(_`return rt.truth(${all.reduce((acc, v) => _`rt.and(${acc}, ${v})`)});`);
  return out;
}

export function filterComment(f: IrFilter): string {
  const lines = ['// Filter: the predicate is the whole filter (change-tracking reads cannot use $filter).'];
  for (const c of f.conditions) {
    const where = c.pushed
      ? '$filter + predicate'
      : `predicate only (${c.push.ok ? 'any: not every condition pushes down' : c.push.reason})`;
    lines.push(`//   [${c.group}] ${comment(c.test.text)}  -> ${where} (${at(c.origin)})`);
  }
  lines.push(`//   $filter: ${f.odata === null ? '(none)' : comment(f.odata)}`);
  return `${lines.join('\n')}\n`;
}
