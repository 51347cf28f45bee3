// The check stage maps TS errors in generated code back to the YAML site of the expression that
// produced them (FERRY230); anything it cannot map is an internal compiler error (FERRY299).
import { describe, expect, it } from 'vitest';
import { checkBundle } from '../../compiler/check/index.ts';
import { loadYaml } from '../../compiler/load/index.ts';
import { exprValue } from '../../compiler/lower/common.ts';
import { LIB_SPECIFIER } from '../../compiler/write/inputs.ts';

const { doc } = loadYaml('mappings/x.yaml', 'fields:\n  email:\n    expr: "lower(x)"\n');
const out = '/virtual/dist/t';
const lib = LIB_SPECIFIER;

describe('check stage', () => {
  it('maps an error inside a marked span to the expression position', () => {
    const text = `import * as rt from "${lib}";\nexport const v0 = rt.lower(42);\n`;
    const start = text.indexOf('const v0 = ');
    // lower records where the expression's first character is; the check stage reports there.
    const { origin } = exprValue(
      { text: 'lower(x)', site: { doc, pointer: '/fields/email/expr' } },
      { k: 'lit', value: null, t: { base: 'null', nullable: true }, start: 0, end: 8 },
    );
    const mark = { needle: 'const v0 = ', origin };
    const { diagnostics } = checkBundle(
      [{ path: 'm.ts', text, spans: [{ start, end: text.indexOf('\n', start), mark }] }],
      out,
    );
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatchObject({ code: 'FERRY230', file: 'mappings/x.yaml', line: 3, col: 12 });
  });

  it('reports an unmapped error as FERRY299 with the generated line', () => {
    const text = `import * as rt from "${lib}";\nexport const x: number = rt.lower("a");\n`;
    const { diagnostics, dts } = checkBundle([{ path: 'm.ts', text, spans: [] }], out);
    expect(diagnostics[0]).toMatchObject({ code: 'FERRY299', file: 'm.ts', line: 2 });
    expect(dts.size).toBe(0);
  });

  it('emits declarations for a clean module', () => {
    const text = `import * as rt from "${lib}";\nexport const x: string | null = rt.lower("A");\n`;
    const { diagnostics, dts } = checkBundle([{ path: 'm.ts', text, spans: [] }], out);
    expect(diagnostics).toEqual([]);
    expect(dts.get('m.d.ts')).toContain('export declare const x: string | null;');
  });
});
