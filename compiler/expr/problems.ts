// A problem inside an expression, located by offsets in the expression text.
import type { ExprCode } from './codes.ts';

export interface ExprProblem {
  readonly code: ExprCode;
  readonly start: number;
  readonly end: number;
  readonly message: string;
  readonly hint?: string;
  readonly severity?: 'error' | 'warning';
}

export const problem = (
  code: ExprCode,
  span: { start: number; end: number },
  message: string,
  hint?: string,
): ExprProblem =>
  hint === undefined
    ? { code, start: span.start, end: span.end, message }
    : { code, start: span.start, end: span.end, message, hint };
