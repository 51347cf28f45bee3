// A filter compiles twice: the pushable part to an OData $filter, the whole to a predicate.
// `all` (AND) pushes down its pushable conditions; `any` (OR) pushes down only if every one is.
import type { Diagnostic } from '../diagnostics/diagnostic.ts';
import type { ExprSource } from '../resolve/types.ts';
import type { Expr } from './ast.ts';
import { exprDiagnostic } from './diagnose.ts';
import { pushdown, type PushResult } from './odata.ts';
import type { ExprProblem } from './problems.ts';

export interface CheckedCondition {
  readonly src: ExprSource;
  readonly expr: Expr;
  readonly group: 'all' | 'any';
  readonly push: PushResult;
  /** True when this condition is part of the $filter sent to Dynamics. */
  readonly pushed: boolean;
}

export interface CheckedFilter {
  readonly conditions: readonly CheckedCondition[];
  readonly odata: string | null;
  readonly deleteFilteredOut: boolean;
}

export interface FilterInput {
  readonly all: readonly ExprSource[];
  readonly any: readonly ExprSource[];
  readonly deleteFilteredOut: boolean;
}

const paren = (s: string, n: number): string => (n > 1 && / (and|or) /.test(s) ? `(${s})` : s);

export function compileFilter(
  f: FilterInput,
  parse: (src: ExprSource) => Expr | null,
  diagnostics: Diagnostic[],
): CheckedFilter {
  const conds: { src: ExprSource; expr: Expr; group: 'all' | 'any'; push: PushResult }[] = [];
  for (const [group, list] of [
    ['all', f.all],
    ['any', f.any],
  ] as const) {
    for (const src of list) {
      const expr = parse(src);
      if (!expr) continue;
      if (expr.t.base !== 'boolean') {
        diagnostics.push(
          exprDiagnostic(
            {
              code: 'notBoolean',
              start: 0,
              end: src.text.length,
              message: `filter condition has type ${expr.t.base}, not boolean`,
            },
            src.site,
          ),
        );
        continue;
      }
      const problems: ExprProblem[] = [];
      const push = pushdown(expr, problems);
      for (const p of problems) diagnostics.push(exprDiagnostic(p, src.site));
      conds.push({ src, expr, group, push });
    }
  }
  const anyAll = conds.filter((c) => c.group === 'any');
  const anyPushed = anyAll.length > 0 && anyAll.every((c) => c.push.ok);
  const pushed = conds.map((c) => ({ ...c, pushed: c.push.ok && (c.group === 'all' || anyPushed) }));
  // Not an error, but full reads fetch rows this condition will drop: say so where it was written.
  for (const c of pushed) {
    if (c.pushed) continue;
    const why = c.push.ok ? 'another `any` condition cannot be pushed down, so none is' : c.push.reason;
    diagnostics.push(
      exprDiagnostic(
        {
          code: 'pushdown',
          start: 0,
          end: c.src.text.length,
          severity: 'warning',
          message: `condition is evaluated by ferry after the read, not by Dynamics ($filter): ${why}`,
        },
        c.src.site,
      ),
    );
  }
  const allParts = pushed
    .filter((c) => c.group === 'all' && c.pushed)
    .map((c) => (c.push.ok ? c.push.odata : ''));
  const anyParts = anyPushed ? anyAll.map((c) => (c.push.ok ? c.push.odata : '')) : [];
  const anyText =
    anyParts.length > 0
      ? paren(anyParts.map((p) => paren(p, anyParts.length)).join(' or '), allParts.length + 1)
      : null;
  const parts = [
    ...allParts.map((p) => paren(p, allParts.length + (anyText ? 1 : 0))),
    ...(anyText ? [anyText] : []),
  ];
  return {
    conditions: pushed,
    odata: parts.length > 0 ? parts.join(' and ') : null,
    deleteFilteredOut: f.deleteFilteredOut,
  };
}
