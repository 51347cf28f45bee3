// IrTransform -> function statements: one `const vN = …;` per field (each preceded by a comment
// pointing at its YAML line), then one object literal so every output record has the same shape.
import type { IrOrigin, IrTransform, IrValue } from '../ir/index.ts';
import { _, join, note, propKey, type Code } from './code.ts';
import type { ModuleCx } from './context.ts';
import { at } from './header.ts';
import { value, type ValueCx } from './values.ts';

export function transformStatements(t: IrTransform, mod: ModuleCx): Code[] {
  const out: Code[] = [];
  const props: Code[] = [];
  for (const f of t.fields) {
    const cx: ValueCx = { mod, pre: [], where: `${f.target} (${at(f.origin)})` };
    const code = value(f.value, cx);
    const v = mod.fresh('v');
    mod.mark(v, exprOrigin(f.value) ?? f.origin);
    const why = `${f.target} <- ${at(f.origin)} (${f.summary})${f.updates ? '' : ' [create/replay only]'}`;
    out.push(_`// ${note(why)}`);
    out.push(...cx.pre, _`const ${v} = ${code};`);
    props.push(_`  ${propKey(f.target)}: ${v},`);
  }
  out.push(props.length === 0 ? _`return {};` : _`return {\n${join(props, _`\n`)}\n};`);
  return out;
}

// Where the expression inside a value starts, if any (TS errors in its code are reported there).
function exprOrigin(v: IrValue): IrOrigin | null {
  switch (v.kind) {
    case 'expr':
      return v.origin;
    case 'label':
    case 'convert':
      return exprOrigin(v.of);
    case 'mapped':
      return exprOrigin(v.raw);
    case 'const':
    case 'source':
      return null;
  }
}
