// loadYaml: values, JSON-pointer positions (value and key), offsets inside scalars, syntax errors.
import { describe, expect, it } from 'vitest';
import { loadYaml } from '../../compiler/load/index.ts';

const TEXT = [
  '# yaml-language-server: $schema=../schemas/mapping.schema.json', // 1
  'name: contacts', // 2
  'fields:', // 3
  '  "a/b~c": { expr: "lower(trim(x))" }', // 4
  "  single: { expr: 'it''s (y)' }", // 5
  '  plain: { expr: upper(z) }', // 6
  '  block:', // 7
  '    expr: |', // 8
  '      first(line)', // 9
  '      second(line)', // 10
  '  escaped: { expr: "\\t\\u00e9 + q" }', // 11
  'list:', // 12
  '  - one', // 13
  '  - two', // 14
  'empty:', // 15
].join('\n');

// Expected columns come from searching the source line, independently of the loader.
const col = (line: number, needle: string): number => (TEXT.split('\n')[line - 1] ?? '').indexOf(needle) + 1;

describe('loadYaml', () => {
  const { doc, diagnostics } = loadYaml('m.yaml', TEXT);

  it('parses a document with no diagnostics', () => {
    expect(diagnostics).toEqual([]);
    expect(doc.value).toMatchObject({ name: 'contacts', list: ['one', 'two'], empty: null });
  });

  it('maps JSON pointers (with ~0 ~1 escapes) to value and key positions', () => {
    expect(doc.position('/name')).toEqual({ line: 2, col: 7 });
    expect(doc.position('/name', { key: true })).toEqual({ line: 2, col: 1 });
    expect(doc.position('/fields/a~1b~0c/expr')).toEqual({ line: 4, col: col(4, '"lower') });
    expect(doc.position('/fields/a~1b~0c', { key: true })).toEqual({ line: 4, col: 3 });
    expect(doc.position('/list/1')).toEqual({ line: 14, col: 5 });
    // `empty:` has no value node worth pointing at: the key is used
    expect(doc.position('/empty')).toEqual({ line: 15, col: 1 });
  });

  it('falls back to the nearest existing ancestor, then 1:1', () => {
    expect(doc.position('/fields/plain/nothere')).toEqual({ line: 6, col: 10 });
    expect(doc.position('/list/9')).toEqual({ line: 13, col: 3 });
    expect(loadYaml('e.yaml', '').doc.position('/x')).toEqual({ line: 1, col: 1 });
  });

  it('maps offsets inside plain, quoted and block scalars', () => {
    expect(doc.positionInScalar('/fields/a~1b~0c/expr', 6)).toEqual({ line: 4, col: col(4, 'trim') });
    expect(doc.positionInScalar('/fields/single/expr', 5)).toEqual({ line: 5, col: col(5, '(y)') }); // after it''s
    expect(doc.positionInScalar('/fields/plain/expr', 6)).toEqual({ line: 6, col: col(6, 'z)') });
    expect(doc.positionInScalar('/fields/block/expr', 12)).toEqual({ line: 10, col: col(10, 'second') });
    expect(doc.positionInScalar('/fields/escaped/expr', 3)).toEqual({ line: 11, col: col(11, '+ q') }); // \t and \u00e9 are one char each
  });

  it('reports syntax errors with line:col and no value', () => {
    const broken = loadYaml('b.yaml', 'a: 1\nb: [1, 2\nc: 3\n');
    expect(broken.doc.value).toBeUndefined();
    expect(broken.diagnostics[0]).toMatchObject({ code: 'FERRY001', file: 'b.yaml', line: 3 });
  });

  it('reports duplicate keys at the repeated key, naming the first line', () => {
    const dup = loadYaml('d.yaml', 'a:\n  x: 1\n  y: 2\n  x: 3\n');
    expect(dup.diagnostics).toEqual([
      expect.objectContaining({
        code: 'FERRY002',
        pointer: '/a/x',
        line: 4,
        col: 3,
        message: 'duplicate key "x"; first defined at line 2',
      }),
    ]);
  });
});
