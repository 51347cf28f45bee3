// Collects resolve diagnostics with YAML positions and did-you-mean hints.
import type { Diagnostic, Severity } from '../diagnostics/diagnostic.ts';
import type { LoadedYaml } from '../load/types.ts';
import { didYouMean } from '../diagnostics/suggest.ts';
import type { CodeInfo } from './codes.ts';

/** Joins JSON pointer segments (RFC 6901 escaping). */
export const ptr = (...segments: readonly (string | number)[]): string =>
  segments.map((s) => `/${String(s).replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');

export interface ReportOptions {
  readonly severity?: Severity;
  /** Point at the key that holds the value instead of the value. */
  readonly key?: boolean;
  /** Did-you-mean candidate list; the closest one becomes the hint. */
  readonly known?: Iterable<string>;
  readonly name?: string;
  readonly hint?: string;
}

export class Reporter {
  readonly diagnostics: Diagnostic[] = [];

  report(info: CodeInfo, doc: LoadedYaml, pointer: string, message: string, opts: ReportOptions = {}): void {
    const pos = doc.position(pointer, opts.key ? { key: true } : undefined);
    const guess = opts.known && opts.name !== undefined ? didYouMean(opts.name, opts.known) : undefined;
    this.diagnostics.push({
      code: info.code,
      severity: opts.severity ?? 'error',
      file: doc.file,
      pointer,
      line: pos.line,
      col: pos.col,
      message,
      hint: guess !== undefined ? `Did you mean '${guess}'?` : (opts.hint ?? info.hint),
    });
  }

  get errorCount(): number {
    return this.diagnostics.filter((d) => d.severity === 'error').length;
  }
}
