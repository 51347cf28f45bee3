// Diagnostics are data: every stage reports these and never throws for bad input.
export type Severity = 'error' | 'warning';

export interface Diagnostic {
  /** Stable code, `FERRY` + three digits; see compiler/diagnostics/codes.ts. */
  readonly code: string;
  readonly severity: Severity;
  /** Path as given to the compiler (relative to the project root when possible). */
  readonly file: string;
  /** JSON pointer into the YAML document ('' for the whole document). */
  readonly pointer: string;
  /** 1-based line and column. */
  readonly line: number;
  readonly col: number;
  readonly message: string;
  readonly hint?: string;
}

export const hasErrors = (diags: readonly Diagnostic[]): boolean => diags.some((d) => d.severity === 'error');
