// IrTransform -> function statements: one `const vN = …;` per field (each preceded by a comment
// pointing at its YAML line), then one object literal so every output record has the same shape.
import type { IrTransform, IrValue } from '../ir/index.ts';
import type { ExprSource } from '../resolve/types.ts';
import type { ModuleCx } from './context.ts';
import { at } from './header.ts';
import { comment, propKey } from './lit.ts';
import { value, type ValueCx } from './values.ts';

export function transformStatements(t: IrTransform, mod: ModuleCx): string[] {
  const out: string[] = [];
  const props: string[] = [];
  for (const f of t.fields) {
    const cx: ValueCx = { mod, pre: [], where: `${f.target} (${at(f.origin)})` };
    const code = value(f.value, cx);
    const v = mod.fresh('v');
    const src = exprOf(f.value);
    mod.marks.push(
      src
        ? { needle: `const ${v} = `, site: src.site, inExpr: true }
        : { needle: `const ${v} = `, site: f.site, inExpr: false },
    );
    out.push(
      `// ${comment(f.target)} <- ${at(f.origin)} (${comment(f.summary)})${f.updates ? '' : ' [create/replay only]'}`,
    );
    out.push(...cx.pre, `const ${v} = ${code};`);
    props.push(`${propKey(f.target)}: ${v}`);
  }
  out.push(props.length === 0 ? 'return {};' : `return {\n${props.map((p) => `  ${p},`).join('\n')}\n};`);
  return out;
}

// The expression inside a value, if any (for mapping TS errors to the expression's position).
function exprOf(v: IrValue): ExprSource | null {
  switch (v.kind) {
    case 'expr':
      return v.src;
    case 'label':
    case 'convert':
      return exprOf(v.of);
    case 'mapped':
      return exprOf(v.raw);
    case 'const':
    case 'source':
      return null;
  }
}
