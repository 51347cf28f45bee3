// A value map emitted as a switch must match exactly what rt.lookup matches (the key as text, a number or
// boolean by its String()), for hostile keys too; keys a case label cannot express fall back to rt.lookup.
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { switchLookup } from '../../compiler/emit/value-map.ts';
import type { Scalar } from '../../core/model/mapping.ts';
import { lookup, table } from '../../runtime/lib/index.ts';

const KEYS = ['1', '2', '0', '-0', '1.5', '1.50', '01', ' 3', '', 'true', 'false', '__proto__'];
const MORE = ['constructor', 'toString', '1e+21', '1e21', 'a"b`${x}\u2028', 'null', 'undefined'];
const PROBES: unknown[] = [
  ...[1, 2, 0, -0, 1.5, 3, 1e21, NaN, Infinity, -1, 0.1 + 0.2],
  ...[true, false, null, undefined, {}, [], [1], Symbol.iterator, 1n],
  ...KEYS,
  ...MORE,
  'hasOwnProperty',
  'valueOf',
  '1.0',
];

function compiled(entries: readonly (readonly [string, Scalar])[]): (v: unknown) => unknown {
  const code = switchLookup(entries);
  if (code === null) throw new Error('expected a switch');
  const js = ts.transpileModule(`export default ${code.toString()};`, {
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 },
  }).outputText;
  const mod = { exports: {} as { default: (v: unknown) => unknown } };
  new Function('module', 'exports', js)(mod, mod.exports);
  return mod.exports.default;
}

describe('value map switch', () => {
  it('matches rt.lookup on every probe, hostile keys included', () => {
    const entries = [...KEYS, ...MORE].map((k, i): [string, Scalar] => [
      k,
      i % 4 === 0 ? `v${i}` : i % 4 === 1 ? i : i % 4 === 2 ? i % 3 === 0 : null,
    ]);
    const fn = compiled(entries);
    const tbl = table(entries);
    for (const p of PROBES) expect([p, fn(p)]).toEqual([p, lookup(tbl, p)]);
    expect(fn('nope')).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');
  });

  it('leaves keys no case label can express (NaN, Infinity) to rt.lookup', () => {
    expect(switchLookup([['NaN', 'x']])).toBeNull();
    expect(switchLookup([['-Infinity', 'x']])).toBeNull();
    expect(switchLookup([['Infinityx', 'x']])).not.toBeNull();
  });
  it('gives each type of label a switch of its own, behind its typeof test', () => {
    const code = switchLookup([
      ['1', 'a'],
      ['x', 'b'],
      ['true', 'c'],
      ['2', 'd'],
    ])?.toString();
    // Every branch: its typeof, then only labels of that type (a mixed switch costs V8 a generic compare).
    const branches = [...(code ?? '').matchAll(/typeof v === "(\w+)"\) \{\s*switch \(v\) \{([^}]*)\}/g)];
    const labels = branches.map(([, kind, body]) => [
      kind,
      [...(body ?? '').matchAll(/case (.+):/g)].map((m) => typeof JSON.parse(m[1] ?? '')),
    ]);
    expect(labels).toEqual([
      ['number', ['number', 'number']],
      ['string', ['string', 'string', 'string', 'string']],
      ['boolean', ['boolean']],
    ]);
    expect(switchLookup([['x', 'b']])?.toString()).not.toMatch(/"number"|"boolean"/);
  });
});
