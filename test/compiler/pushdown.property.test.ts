// Property: for random filters and random records, the pushed-down OData $filter (evaluated by the
// Dynamics emulator's $filter evaluator) and the generated predicate agree. Values may be null: both
// sides follow SQL three-valued logic (only `== null` / `!= null` test nullness).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { evaluateFilter } from '../../emulators/dynamics/odata/filter.ts';
import type { FieldRef } from '../../compiler/expr/ast.ts';
import { _, lit } from '../../compiler/emit/code.ts';
import { gen } from '../../compiler/emit/expr/gen.ts';
import { pushdown } from '../../compiler/expr/odata.ts';
import { parseExpr } from '../../compiler/expr/parse.ts';
import { T } from '../../compiler/expr/types.ts';
import * as rt from '../../runtime/lib/index.ts';

const FIELDS: FieldRef[] = [
  { name: 'name', type: T('string', true), edm: 'Edm.String' },
  { name: 'age', type: T('number', true), edm: 'Edm.Int32' },
  { name: 'active', type: T('boolean', true), edm: 'Edm.Boolean' },
  { name: 'born', type: T('datetime', true), edm: 'Edm.DateTimeOffset' },
];
const scope = { fields: new Map(FIELDS.map((f) => [f.name, f])), describe: 'column' };

const word = fc.string({ unit: fc.constantFrom('a', 'B', 'b', "'", '"', ' ', 'é', 'O'), maxLength: 4 });
const tsString = (s: string): string => JSON.stringify(s);
const op = fc.constantFrom('==', '!=', '<', '<=', '>', '>=');
const day = fc.integer({ min: 0, max: 4 }).map((d) => `2024-01-0${d + 1}`);

const atom: fc.Arbitrary<string> = fc.oneof(
  fc.tuple(op, word).map(([o, w]) => `name ${o} ${tsString(w)}`),
  fc.tuple(op, fc.integer({ min: -3, max: 3 })).map(([o, n]) => `age ${o} ${n}`),
  fc
    .tuple(fc.constantFrom('contains', 'startsWith', 'endsWith'), word)
    .map(([f, w]) => `${f}(name, ${tsString(w)})`),
  fc.constant('active'),
  fc.tuple(op, day).map(([o, d]) => `born ${o} date(${tsString(d)})`),
  fc.tuple(op, word).map(([o, w]) => `${tsString(w)} ${o} name`),
  fc
    .tuple(fc.constantFrom('name', 'age', 'active', 'born'), fc.constantFrom('==', '!='))
    .map(([f, o]) => `${f} ${o} null`),
);
const filter: fc.Arbitrary<string> = fc.letrec<{ f: string }>((tie) => ({
  f: fc.oneof(
    { maxDepth: 3 },
    atom,
    tie('f').map((x) => `!(${x})`),
    fc.tuple(tie('f'), fc.constantFrom('&&', '||'), tie('f')).map(([a, o, b]) => `(${a}) ${o} (${b})`),
  ),
})).f;

const nullable = <T>(a: fc.Arbitrary<T>): fc.Arbitrary<T | null> => fc.option(a, { freq: 4 });
const record = fc.record({
  name: nullable(word),
  age: nullable(fc.integer({ min: -3, max: 3 })),
  active: nullable(fc.boolean()),
  born: nullable(
    fc
      .tuple(day, fc.integer({ min: 0, max: 23 }))
      .map(([d, h]) => `${d}T${String(h).padStart(2, '0')}:00:00Z`),
  ),
});

function compile(text: string): { odata: string; predicate: (r: Record<string, unknown>) => boolean } {
  const { expr, problems } = parseExpr(text, scope);
  if (!expr) throw new Error(`${text}: ${JSON.stringify(problems)}`);
  const push = pushdown(expr, []);
  if (!push.ok) throw new Error(`${text} does not push down: ${push.reason}`);
  const code = gen(expr, {
    field: (f) => (f.type.base === 'datetime' ? _`rt.datetime(r[${lit(f.name)}])` : _`r[${lit(f.name)}]`),
  });
  const fn = new Function('rt', 'r', `return rt.truth(${code.toString()});`) as (
    lib: typeof rt,
    r: Record<string, unknown>,
  ) => boolean;
  return { odata: push.odata, predicate: (r) => fn(rt, r) };
}

describe('$filter and predicate agree', () => {
  it('on random filters and records (emulator evaluator as the reference)', () => {
    fc.assert(
      fc.property(filter, fc.array(record, { minLength: 1, maxLength: 8 }), (text, rows) => {
        const { odata, predicate } = compile(text);
        for (const row of rows)
          expect(predicate(row), `${text}  =>  ${odata}  on ${JSON.stringify(row)}`).toBe(
            evaluateFilter(odata, row),
          );
      }),
      { numRuns: 400, seed: 20261128 },
    );
  });

  it('quotes are doubled and string comparison is case-insensitive on both sides', () => {
    const { odata, predicate } = compile(`name == "O'Br"`);
    expect(odata).toBe("name eq 'O''Br'");
    expect(predicate({ name: "o'br" })).toBe(true);
    expect(evaluateFilter(odata, { name: "o'br" })).toBe(true);
  });

  it('null follows SQL three-valued logic in the predicate: only `eq null` / `ne null` match nulls', () => {
    expect(compile('name == null').predicate({ name: null })).toBe(true);
    expect(compile('name != "x"').predicate({ name: null })).toBe(false);
    expect(compile('!(name == "x")').predicate({ name: null })).toBe(false);
    expect(compile('age > 1 || active').predicate({ age: null, active: true })).toBe(true);
  });
});
