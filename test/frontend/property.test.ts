// Property: loading and validating never throws, and every diagnostic is well-formed.
import fc from 'fast-check';
import { stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../../compiler/diagnostics/diagnostic.ts';
import { loadYaml } from '../../compiler/load/index.ts';
import { validateDocument } from '../../compiler/validate/index.ts';

function check(text: string): Diagnostic[] {
  const { doc, diagnostics } = loadYaml('p.yaml', text);
  const all = [...diagnostics, ...validateDocument(doc, 'mapping'), ...validateDocument(doc, 'tenant')];
  for (const d of all) {
    expect(d.code).toMatch(/^FERRY\d{3}$/);
    expect(Number.isInteger(d.line) && d.line >= 1).toBe(true);
    expect(Number.isInteger(d.col) && d.col >= 1).toBe(true);
    expect(d.file).toBe('p.yaml');
  }
  // positions are total too
  expect(doc.position('/a/0/~1x').line).toBeGreaterThanOrEqual(1);
  expect(doc.positionInScalar('/name', 3).col).toBeGreaterThanOrEqual(1);
  return all;
}

// Values shaped like mappings (known keys and kinds) reach deep into the schema, not just the root.
const key = fc.oneof(
  fc.constantFrom(
    'version',
    'kind',
    'name',
    'source',
    'target',
    'fields',
    'from',
    'expr',
    'types',
    'pairs',
    'entity',
    'campaign',
    'direction',
    'send',
  ),
  fc.string(),
);
const leaf = fc.oneof(
  fc.constantFrom('entity', 'events', 'optout', 1, 'contact', 'both'),
  fc.string(),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
);
const tree = fc.letrec((tie) => ({
  node: fc.oneof(
    { depthSize: 'small' },
    leaf,
    fc.array(tie('node'), { maxLength: 4 }),
    fc.dictionary(key, tie('node'), { maxKeys: 6 }),
  ),
})).node;

describe('front end never throws', () => {
  it('on arbitrary text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (text) => void check(text)),
      { numRuns: 400 },
    );
  });

  it('on YAML-looking text', () => {
    const token = fc.constantFrom(
      'a:',
      ' b',
      '- ',
      '[',
      ']',
      '{',
      '}',
      ':',
      '"',
      "'",
      '&x ',
      '*x',
      '|\n',
      '>\n',
      '\n',
      '  ',
      '#',
      '!!str ',
      '? ',
      ',',
      '~',
    );
    fc.assert(
      fc.property(fc.array(token, { maxLength: 60 }), (parts) => void check(parts.join(''))),
      { numRuns: 400 },
    );
  });

  it('on arbitrary values serialised as YAML', () => {
    fc.assert(
      fc.property(tree, (value) => {
        const text = stringify(value);
        check(text);
      }),
      { numRuns: 300 },
    );
  });

  it('on JSON values from fast-check', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => void check(stringify(value))),
      { numRuns: 300 },
    );
  });
});
