// Prints diagnostics the way every command does: human text (with carets) or --json.
import type { Diagnostic } from '../compiler/diagnostics/diagnostic.ts';
import { formatDiagnostics, formatJson } from '../compiler/diagnostics/format.ts';
import type { CliIo } from './context.ts';

export interface ReportOptions {
  readonly json: boolean;
  /** File -> text, for source lines. */
  readonly sources?: ReadonlyMap<string, string>;
  /** Printed instead of "0 errors, 0 warnings" when there is nothing to report. */
  readonly okMessage?: string;
}

export function printDiagnostics(io: CliIo, diags: readonly Diagnostic[], opts: ReportOptions): void {
  if (opts.json) {
    io.out(formatJson(diags));
    return;
  }
  if (diags.length === 0 && opts.okMessage !== undefined) {
    io.out(opts.okMessage);
    return;
  }
  io.out(formatDiagnostics(diags, { color: io.color, ...(opts.sources ? { sources: opts.sources } : {}) }));
}
