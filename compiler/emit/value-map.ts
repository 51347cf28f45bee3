// A value map (`values:`) as a module-level function with one switch per type of value: a raw value matches
// a YAML key as rt.lookup matches it (the key as text; a number or boolean matches the key that is its
// String()), but no key text is built and no table is probed per row. Keys enter as literals, so hostile
// keys stay data and nothing can reach Object.prototype.
import type { Scalar } from '../../core/model/mapping.ts';
import { _, join, lit, type Code } from './code.ts';

type Kind = 'number' | 'string' | 'boolean';
/** The typeof branches, in emit order (columns arrive as numbers more often than as text). */
const KINDS: readonly Kind[] = ['number', 'string', 'boolean'];

/** Case labels by type matching exactly the values rt.lookup sends to `key`; null when one is not a literal (NaN, ±Infinity). */
function caseValues(key: string): [Kind, Code][] | null {
  const out: [Kind, Code][] = [['string', lit(key)]];
  const n = Number(key);
  if (String(n) === key) {
    if (!Number.isFinite(n)) return null;
    out.push(['number', lit(n)]);
  }
  if (key === 'true' || key === 'false') out.push(['boolean', lit(key === 'true')]);
  return out;
}

/** TypeScript type of the mapped values (the generated code type-checks without a conversion call). */
export function scalarsType(values: readonly Scalar[]): Code {
  const names = new Set(values.map((v) => (v === null ? 'null' : typeof v)));
  const order = ['string', 'number', 'boolean', 'null'] as const;
  const parts = order.filter((t) => names.has(t)).map((t) => _`${TS[t]}`);
  return parts.length === 0 ? _`never` : join(parts, _` | `);
}

const TS = { string: _`string`, number: _`number`, boolean: _`boolean`, null: _`null` } as const;
const KIND_LIT = { number: _`"number"`, string: _`"string"`, boolean: _`"boolean"` } as const;

/**
 * `(v: unknown): T | undefined => { if (typeof v === "number") { switch (v) { … } } else if … }`, or null
 * when a key needs rt.lookup. One type per switch: a switch mixing number and string labels makes V8 compare
 * with its generic equality call on every row, where a switch on one type compares inline.
 */
export function switchLookup(table: readonly (readonly [string, Scalar])[]): Code | null {
  const cases: Record<Kind, Code[]> = { number: [], string: [], boolean: [] };
  for (const [key, value] of table) {
    const labels = caseValues(key);
    if (labels === null) return null;
    for (const [kind, label] of labels)
      cases[kind].push(_`      case ${label}:\n        return ${lit(value)};\n`);
  }
  const branches = KINDS.filter((k) => cases[k].length > 0).map(
    (k) => _`if (typeof v === ${KIND_LIT[k]}) {\n    switch (v) {\n${join(cases[k], _``)}    }\n  }`,
  );
  const type = scalarsType(table.map(([, v]) => v));
  const body = branches.length === 0 ? _`` : _`  ${join(branches, _` else `)}\n`;
  return _`(v: unknown): ${type} | undefined => {\n${body}  return undefined;\n}`;
}
