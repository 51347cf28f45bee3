// ExprProblem (offsets in the expression) -> Diagnostic (YAML file, line:col inside the scalar).
import type { Diagnostic } from '../diagnostics/diagnostic.ts';
import type { Site } from '../resolve/types.ts';
import { EXPR_CODES, type ExprCode } from './codes.ts';
import type { ExprProblem } from './problems.ts';

export function exprDiagnostic(p: ExprProblem, site: Site): Diagnostic {
  const pos = site.doc.positionInScalar(site.pointer, p.start);
  const hint = p.hint ?? EXPR_CODES[p.code].hint;
  return {
    code: EXPR_CODES[p.code].code,
    severity: p.severity ?? 'error',
    file: site.doc.file,
    pointer: site.pointer,
    line: pos.line,
    col: pos.col,
    message: p.message,
    hint,
  };
}

/** A diagnostic at a YAML node (not inside an expression). */
export function siteDiagnostic(
  code: ExprCode,
  site: Site,
  message: string,
  opts: { hint?: string; severity?: 'error' | 'warning'; key?: boolean } = {},
): Diagnostic {
  const pos = site.doc.position(site.pointer, opts.key === true ? { key: true } : undefined);
  return {
    code: EXPR_CODES[code].code,
    severity: opts.severity ?? 'error',
    file: site.doc.file,
    pointer: site.pointer,
    line: pos.line,
    col: pos.col,
    message,
    hint: opts.hint ?? EXPR_CODES[code].hint,
  };
}
