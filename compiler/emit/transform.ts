// IrTransform -> function statements: one `const vN = …;` per field (each preceded by a comment
// pointing at its YAML line), then one object literal so every output record has the same shape.
import type { IrTransform, IrValue } from '../ir/index.ts';
import type { IrOrigin } from '../ir/index.ts';
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
    mod.marks.push({ needle: `const ${v} = `, origin: exprOf(f.value) ?? f.origin });
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
function exprOf(v: IrValue): IrOrigin | null {
  switch (v.kind) {
    case 'expr':
      return v.origin;
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
