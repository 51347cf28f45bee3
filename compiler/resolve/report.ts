// Collects resolve diagnostics with YAML positions and did-you-mean hints.
import type { Diagnostic, Severity } from '../diagnostics/diagnostic.ts';
import type { LoadedYaml } from '../load/types.ts';
import type { CodeInfo } from './codes.ts';

/** Joins JSON pointer segments (RFC 6901 escaping). */
export const ptr = (...segments: readonly (string | number)[]): string =>
  segments.map((s) => `/${String(s).replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');

export const distance = (a: string, b: string): number => {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diag = row[0] ?? 0;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = row[j] ?? 0;
      row[j] = Math.min(up + 1, (row[j - 1] ?? 0) + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = up;
    }
  }
  return row[b.length] ?? 0;
};

/** Closest known name (case-insensitive edit distance), if close enough to be a typo. */
export const suggest = (name: string, known: Iterable<string>): string | undefined => {
  let best: string | undefined;
  let bestD = Infinity;
  const n = name.toLowerCase();
  for (const k of known) {
    const d = distance(n, k.toLowerCase());
    if (d < bestD || (d === bestD && best !== undefined && k < best)) [best, bestD] = [k, d];
  }
  return best !== undefined && bestD <= Math.max(2, Math.floor(name.length / 3)) ? best : undefined;
};

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
    const guess = opts.known && opts.name !== undefined ? suggest(opts.name, opts.known) : undefined;
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
