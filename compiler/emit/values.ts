// Emitters for IrValue kinds: each returns a TS expression; `pre` collects statements that must run
// first (locals for values used twice).
import type { IrConst, IrConvert, IrExprValue, IrLabel, IrMapped, IrSource, IrValue } from '../ir/index.ts';
import { _, id, lit, type Code } from './code.ts';
import type { ModuleCx } from './context.ts';
import { gen } from './expr/gen.ts';
import { readColumn } from './read.ts';
import { scalarsType, switchLookup } from './value-map.ts';

export interface ValueCx {
  readonly mod: ModuleCx;
  readonly pre: Code[];
  /** Field and YAML position, for the comments of hoisted tables. */
  readonly where: string;
}

/** One emitter per value kind: a value kind added to the IR fails tsc here until it is emitted. */
export type ValueEmitters = {
  readonly [K in IrValue['kind']]: (n: Extract<IrValue, { kind: K }>, cx: ValueCx) => Code;
};

export const VALUE_EMITTERS: ValueEmitters = {
  const: (n: IrConst) => lit(n.value),
  source: (n: IrSource, cx) => readColumn(cx.mod.record, n.name),
  expr: (n: IrExprValue, cx) => gen(n.expr, cx.mod),
  label: (n: IrLabel, cx) => _`rt.label(${labels(n.labels, cx)}, ${value(n.of, cx)})`,
  convert: (n: IrConvert, cx) => _`rt.out.${id(n.writer)}(${value(n.of, cx)})`,
  mapped: (n: IrMapped, cx) => {
    const raw = cx.mod.fresh('t');
    cx.pre.push(_`const ${raw} = ${value(n.raw, cx)};`);
    const pass = (): Code => (n.labels ? _`rt.label(${labels(n.labels, cx)}, ${raw})` : raw);
    const dflt = n.default ? lit(n.default.value) : null;
    if (n.table.length === 0)
      return dflt === null ? pass() : _`(${raw} === null || ${raw} === undefined ? ${dflt} : ${pass()})`;
    const fn = switchLookup(n.table);
    const comment = `value replacements for ${cx.where}`;
    const type = scalarsType(n.table.map(([, v]) => v));
    const entries = lit(n.table.map(([k, v]) => [k, v]));
    // A switch when every key is a literal; else the table (NaN or ±Infinity keys) and rt.lookup.
    const tbl = cx.mod.hoist('T', fn ?? _`rt.table<${type}>(${entries})`, comment);
    const hit = cx.mod.fresh('m');
    cx.pre.push(fn ? _`const ${hit} = ${tbl}(${raw});` : _`const ${hit} = rt.lookup(${tbl}, ${raw});`);
    return _`${hit} !== undefined ? ${hit} : ${dflt ?? pass()}`;
  },
};

function labels(entries: readonly (readonly [string, string])[], cx: ValueCx): Code {
  return cx.mod.hoist(
    'L',
    _`rt.table<string>(${lit(entries.map(([k, v]) => [k, v]))})`,
    `picklist labels from metadata for ${cx.where}`,
  );
}

export function value(n: IrValue, cx: ValueCx): Code {
  return (VALUE_EMITTERS[n.kind] as (n: IrValue, cx: ValueCx) => Code)(n, cx);
}
