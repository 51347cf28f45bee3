// Shared helpers for the front-end tests: fixture paths and compact diagnostic views.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Diagnostic } from '../../compiler/diagnostics/diagnostic.ts';
import type { CliIo } from '../../cli/context.ts';

export const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures');
export const fixture = (name: string): string => path.join(FIXTURES, name);

/** The fields a golden file pins down. */
export const view = (
  d: Diagnostic,
): Pick<Diagnostic, 'file' | 'line' | 'col' | 'code' | 'message'> & { hint?: string } => ({
  file: d.file,
  line: d.line,
  col: d.col,
  code: d.code,
  message: d.message,
  ...(d.hint === undefined ? {} : { hint: d.hint }),
});

export function captureIo(): CliIo & { stdout: () => string; stderr: () => string } {
  let out = '';
  let err = '';
  return {
    out: (t) => void (out += t.endsWith('\n') ? t : `${t}\n`),
    err: (t) => void (err += t.endsWith('\n') ? t : `${t}\n`),
    color: false,
    stdout: () => out,
    stderr: () => err,
  };
}
