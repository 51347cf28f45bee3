// A value map (`values:`) as a module-level function with one switch: a raw value matches a YAML key as
// rt.lookup matches it (the key as text; a number or boolean matches the key that is its String()), but
// no key text is built and no table is probed per row. Keys enter as literals, so hostile keys stay data
// and nothing can reach Object.prototype.
import type { Scalar } from '../../core/model/mapping.ts';
import { _, join, lit, type Code } from './code.ts';

/** Case labels matching exactly the values rt.lookup sends to `key`; null when one is not a literal (NaN, ±Infinity). */
function caseValues(key: string): Code[] | null {
  const out = [lit(key)];
  const n = Number(key);
  if (String(n) === key) {
    if (!Number.isFinite(n)) return null;
    out.push(lit(n));
  }
  if (key === 'true' || key === 'false') out.push(lit(key === 'true'));
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

/** `(v: unknown): T | undefined => { switch (v) { … } return undefined; }`, or null when a key needs rt.lookup. */
export function switchLookup(table: readonly (readonly [string, Scalar])[]): Code | null {
  const cases: Code[] = [];
  for (const [key, value] of table) {
    const labels = caseValues(key);
    if (labels === null) return null;
    const heads = labels.map((l) => _`    case ${l}:\n`);
    cases.push(_`${join(heads, _``)}      return ${lit(value)};\n`);
  }
  const type = scalarsType(table.map(([, v]) => v));
  return _`(v: unknown): ${type} | undefined => {\n  switch (v) {\n${join(cases, _``)}  }\n  return undefined;\n}`;
}
