// Human and JSON rendering of diagnostics: order, source line with caret, hint, summary, colour.
import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../../compiler/diagnostics/diagnostic.ts';
import {
  formatDiagnostic,
  formatDiagnostics,
  formatJson,
  sortDiagnostics,
} from '../../compiler/diagnostics/format.ts';

const d = (file: string, line: number, col: number, extra: Partial<Diagnostic> = {}): Diagnostic => ({
  code: 'FERRY012',
  severity: 'error',
  file,
  pointer: '',
  line,
  col,
  message: 'must be boolean; found "yes"',
  ...extra,
});

describe('diagnostic formatting', () => {
  it('sorts by file (code-unit order), then line, then column', () => {
    const sorted = sortDiagnostics([
      d('mappings/b.yaml', 1, 1),
      d('mappings/a.yaml', 9, 2),
      d('mappings/a.yaml', 9, 1),
      d('Z.yaml', 5, 5),
      d('mappings/a.yaml', 2, 7),
    ]);
    expect(sorted.map((x) => `${x.file}:${x.line}:${x.col}`)).toEqual([
      'Z.yaml:5:5',
      'mappings/a.yaml:2:7',
      'mappings/a.yaml:9:1',
      'mappings/a.yaml:9:2',
      'mappings/b.yaml:1:1',
    ]);
  });

  it('prints location, severity, code, message, the source line, a caret under the column and the hint', () => {
    const sources = new Map([['m.yaml', 'version: 1\n\tupdates: yes\n']]);
    const text = formatDiagnostic(d('m.yaml', 2, 11, { hint: 'write true or false without quotes' }), {
      sources,
    });
    expect(text).toBe(
      [
        'm.yaml:2:11 error FERRY012 must be boolean; found "yes"',
        '2 | \tupdates: yes',
        '  | \t         ^',
        'hint: write true or false without quotes',
      ].join('\n'),
    );
  });

  it('omits the source line of a literal secret', () => {
    const sources = new Map([['t.yaml', 'clientSecret: s3cr3t\n']]);
    const text = formatDiagnostic(
      d('t.yaml', 1, 15, {
        code: 'FERRY015',
        message: 'secret must be a reference {env: NAME} or {file: PATH}, not a literal',
      }),
      { sources },
    );
    expect(text).not.toContain('s3cr3t');
  });

  it('ends with a summary and colours only on request', () => {
    const all = [d('a.yaml', 1, 1), d('a.yaml', 2, 1, { severity: 'warning' }), d('a.yaml', 3, 1)];
    const plain = formatDiagnostics(all);
    expect(plain.endsWith('2 errors, 1 warning')).toBe(true);
    expect(plain).not.toContain('\u001b[');
    expect(formatDiagnostics(all, { color: true })).toContain('\u001b[31;1merror');
  });

  it('prints --json as a sorted array of Diagnostic', () => {
    const parsed = JSON.parse(formatJson([d('b.yaml', 1, 1), d('a.yaml', 1, 1)])) as Diagnostic[];
    expect(parsed.map((x) => x.file)).toEqual(['a.yaml', 'b.yaml']);
    expect(parsed[0]).toEqual(d('a.yaml', 1, 1));
  });
});
