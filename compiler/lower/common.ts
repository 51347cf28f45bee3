// Helpers shared by the lowerings: origins, slot writers, TS types, codepoint sorting.
import { codepointCompare } from '../../runtime/lib/sort.ts';
import type { LoadedYaml } from '../load/types.ts';
import type { Expr } from '../expr/ast.ts';
import type { IrExprValue, IrOrigin, Writer } from '../ir/index.ts';
import type { ExprSource, Site, TargetSlot } from '../resolve/types.ts';
import { slotRow } from '../resolve/compat.ts';
import { edmType } from '../../core/types/index.ts';

export const origin = (doc: LoadedYaml, pointer: string, key = false): IrOrigin => {
  const p = doc.position(pointer, key ? { key: true } : undefined);
  return { file: doc.file, pointer, line: p.line, col: p.col };
};
export const siteOrigin = (s: Site, key = true): IrOrigin => origin(s.doc, s.pointer, key);

/** A checked expression as IR: its AST, text, and the YAML position of its first character. */
export function exprValue(src: ExprSource, expr: Expr): IrExprValue {
  const p = src.site.doc.positionInScalar(src.site.pointer, 0);
  return {
    kind: 'expr',
    expr,
    text: src.text,
    origin: { file: src.site.doc.file, pointer: src.site.pointer, line: p.line, col: p.col },
  };
}

export const sortedUnique = (xs: Iterable<string>): string[] => [...new Set(xs)].sort(codepointCompare);
export const byKey = <V>(entries: Iterable<readonly [string, V]>): (readonly [string, V])[] =>
  [...entries].sort(([a], [b]) => codepointCompare(a, b));

/** The runtime/lib writer for a target slot (from the type table). */
export const writerFor = (slot: TargetSlot): Writer => slotRow(slot).writer;

export const WRITER_TS: Readonly<Record<Writer, string>> = {
  string: 'string | null',
  number: 'number | null',
  integer: 'number | null',
  boolean: 'boolean | null',
  campaignDate: 'string | null',
  campaignDateTime: 'string | null',
  dynamicsDate: 'string | null',
  dynamicsDateTime: 'string | null',
};

/** TS type of a Dynamics column as it arrives in JSON (dates as ISO text). */
export const edmTs = (edm: string): string => edmType(edm).ts;

/** File name of a flow module: the mapping name when it is file-safe, else an escaped form. */
export const moduleName = (name: string): string =>
  /^[a-z0-9][a-z0-9_-]*$/i.test(name)
    ? name
    : `m-${[...name].map((c) => (/[a-z0-9]/i.test(c) ? c : `_${c.codePointAt(0)?.toString(16)}`)).join('')}`;
