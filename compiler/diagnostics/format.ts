// Renders diagnostics for people (file:line:col, source line, caret, hint) or as JSON.
import type { Diagnostic } from './diagnostic.ts';
import { FRONTEND_CODES } from './codes.ts';

const SECRET_LITERAL = FRONTEND_CODES.secretLiteral.code;

export interface FormatOptions {
  /** File path -> text, for the source line under each diagnostic. */
  readonly sources?: ReadonlyMap<string, string>;
  readonly color?: boolean;
}

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0); // code-unit order: locale-independent

/** Sorted by file, line, col (then code), so output is stable whatever order stages reported in. */
export function sortDiagnostics(diags: readonly Diagnostic[]): Diagnostic[] {
  return [...diags].sort(
    (a, b) =>
      cmp(a.file, b.file) ||
      a.line - b.line ||
      a.col - b.col ||
      cmp(a.code, b.code) ||
      cmp(a.message, b.message),
  );
}

const paint = (on: boolean, code: string, text: string): string =>
  on ? `\u001b[${code}m${text}\u001b[0m` : text;

export function formatDiagnostic(d: Diagnostic, opts: FormatOptions = {}): string {
  const color = opts.color === true;
  const sev = paint(color, d.severity === 'error' ? '31;1' : '33;1', d.severity);
  const lines = [
    `${paint(color, '1', `${d.file}:${d.line}:${d.col}`)} ${sev} ${paint(color, '2', d.code)} ${d.message}`,
  ];
  // A secret written as a literal sits on that line: never print it into a terminal or CI log.
  const text = d.code === SECRET_LITERAL ? undefined : opts.sources?.get(d.file);
  const line = text === undefined ? undefined : lineAt(text, d.line);
  if (line !== undefined) {
    const { source, col } = excerpt(line, d.col);
    const gutter = `${d.line} | `;
    // Tabs in the prefix are kept so the caret lines up with the character in the terminal.
    const pad = source.slice(0, Math.max(0, col - 1)).replace(/[^\t]/g, ' ');
    lines.push(`${gutter}${source}`, `${' '.repeat(gutter.length - 2)}| ${pad}${paint(color, '31;1', '^')}`);
  }
  if (d.hint) lines.push(`${paint(color, '36', 'hint:')} ${d.hint}`);
  return lines.join('\n');
}

/** Diagnostics quote one source line at most, and at most this many characters of it. */
export const MAX_QUOTED = 160;

function lineAt(text: string, line: number): string | undefined {
  let start = 0;
  for (let n = 1; n < line; n++) {
    const next = text.indexOf('\n', start);
    if (next < 0) return undefined;
    start = next + 1;
  }
  const end = text.indexOf('\n', start);
  return text.slice(start, end < 0 ? text.length : end).replace(/\r$/, '');
}

// C0 and C1 control characters other than tab (kept for caret alignment).
const isControl = (c: string): boolean => {
  const n = c.codePointAt(0) ?? 0;
  return (n < 0x20 && n !== 0x09) || (n >= 0x7f && n <= 0x9f);
};

// A window of the line around the column (marked with … where cut); control characters, which
// could drive the terminal, are shown as `?`.
function excerpt(line: string, col: number): { source: string; col: number } {
  const clean = [...line].map((c) => (isControl(c) ? '?' : c)).join('');
  if (clean.length <= MAX_QUOTED) return { source: clean, col };
  const from = Math.max(0, Math.min(col - 1 - MAX_QUOTED / 2, clean.length - MAX_QUOTED));
  const to = from + MAX_QUOTED;
  const head = from > 0 ? '…' : '';
  const source = `${head}${clean.slice(from, to)}${to < clean.length ? '…' : ''}`;
  return { source, col: col - from + head.length };
}

export function summarize(diags: readonly Diagnostic[]): string {
  const errors = diags.filter((d) => d.severity === 'error').length;
  const warnings = diags.length - errors;
  const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;
  return `${plural(errors, 'error')}, ${plural(warnings, 'warning')}`;
}

/** Every diagnostic (sorted), a blank line between them, then the summary line. */
export function formatDiagnostics(diags: readonly Diagnostic[], opts: FormatOptions = {}): string {
  const body = sortDiagnostics(diags).map((d) => formatDiagnostic(d, opts));
  return [...body, summarize(diags)].join('\n\n');
}

export const formatJson = (diags: readonly Diagnostic[]): string =>
  JSON.stringify(sortDiagnostics(diags), null, 2);
