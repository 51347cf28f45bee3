// Emitters for IrValue kinds: each returns a TS expression; `pre` collects statements that must run
// first (locals for values used twice).
import { gen } from '../expr/gen.ts';
import type { IrConst, IrConvert, IrExprValue, IrLabel, IrMapped, IrSource, IrValue } from '../ir/index.ts';
import type { ModuleCx } from './context.ts';
import { lit } from './lit.ts';

export interface ValueCx {
  readonly mod: ModuleCx;
  readonly pre: string[];
  /** Field and YAML position, for the comments of hoisted tables. */
  readonly where: string;
}

export const VALUE_EMITTERS: {
  readonly [K in IrValue['kind']]: (n: Extract<IrValue, { kind: K }>, cx: ValueCx) => string;
} = {
  const: (n: IrConst) => lit(n.value),
  source: (n: IrSource, cx) => `${cx.mod.record}[${lit(n.name)}]`,
  expr: (n: IrExprValue, cx) => gen(n.expr, cx.mod),
  label: (n: IrLabel, cx) => `rt.label(${labels(n.labels, cx)}, ${value(n.of, cx)})`,
  convert: (n: IrConvert, cx) => `rt.out.${n.writer}(${value(n.of, cx)})`,
  mapped: (n: IrMapped, cx) => {
    const raw = cx.mod.fresh('t');
    cx.pre.push(`const ${raw} = ${value(n.raw, cx)};`);
    const pass = (): string => (n.labels ? `rt.label(${labels(n.labels, cx)}, ${raw})` : raw);
    const dflt = n.default ? lit(n.default.value) : null;
    if (n.table.length === 0)
      return dflt === null ? pass() : `(${raw} === null || ${raw} === undefined ? ${dflt} : ${pass()})`;
    const tbl = cx.mod.hoist(
      'T',
      `rt.table<rt.Json>(${lit(n.table.map(([k, v]) => [k, v]))})`,
      `value replacements for ${cx.where}`,
    );
    const hit = cx.mod.fresh('m');
    cx.pre.push(`const ${hit} = rt.lookup(${tbl}, ${raw});`);
    return `${hit} !== undefined ? ${hit} : ${dflt ?? pass()}`;
  },
};

function labels(entries: readonly (readonly [string, string])[], cx: ValueCx): string {
  return cx.mod.hoist(
    'L',
    `rt.table<string>(${lit(entries.map(([k, v]) => [k, v]))})`,
    `picklist labels from metadata for ${cx.where}`,
  );
}

export function value(n: IrValue, cx: ValueCx): string {
  return (VALUE_EMITTERS[n.kind] as (n: IrValue, cx: ValueCx) => string)(n, cx);
}
