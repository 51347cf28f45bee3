// Stage `checkExpressions`: parses and type-checks every expression and filter of a resolved project,
// checks field values against their target slots, and decides what each filter pushes down.
import type { Diagnostic } from '../diagnostics/diagnostic.ts';
import type { ExprSource, ResolvedEntity, ResolvedField, ResolvedProject } from '../resolve/types.ts';
import type { Expr } from './ast.ts';
import { exprDiagnostic } from './diagnose.ts';
import type { CheckedField, CheckedMapping, CheckedProject } from './checked.ts';
import { compileFilter, type CheckedFilter } from './filter.ts';
import { parseExpr, type Scope } from './parse.ts';
import { entityScope, eventScope } from './scope.ts';
import { checkField } from './slots.ts';
import { T, fromEdm, type ExprType, type Base } from './types.ts';
import { EVENT_FIELDS } from '../../core/model/mapping.ts';
import { isPicklist } from '../../core/types/index.ts';

export function checkExpressions(project: ResolvedProject): {
  checked: CheckedProject;
  diagnostics: Diagnostic[];
} {
  const filters = new Map<string, CheckedFilter>();
  const diagnostics: Diagnostic[] = [];
  const parse = (src: ExprSource, scope: Scope): Expr | null => {
    const { expr, problems } = parseExpr(src.text, scope);
    for (const p of problems) diagnostics.push(exprDiagnostic(p, src.site));
    return expr;
  };
  const fields = (fs: readonly ResolvedField[], scope: Scope, picklists: 'label' | 'value'): CheckedField[] =>
    fs.map((f) => {
      const ast = f.expr ? parse(f.expr, scope) : null;
      checkField(f, f.expr ? null : sourceType(f, picklists), ast, diagnostics);
      return { ...f, ast };
    });
  const mappings = project.mappings.map((m): CheckedMapping => {
    if (m.kind === 'entity') {
      const scope = entityScope(m.source);
      const checkedFields = fields(m.fields, scope, m.picklists);
      const filter = compileFilter(m.filter, (src) => parse(src, scope), diagnostics);
      filters.set(m.name, filter);
      return { ...m, fields: checkedFields, filter };
    }
    if (m.kind === 'events')
      return {
        ...m,
        types: m.types.map((t) => ({
          ...t,
          fields: fields(t.fields, eventScope(), 'value'),
          followUp: t.followUp
            ? { ...t.followUp, fields: fields(t.followUp.fields, eventScope(), 'value') }
            : null,
        })),
      };
    return m;
  });
  return { checked: { tenant: project.tenant, mappings, filters }, diagnostics };
}

/** Type of the value a `from` field yields before slot conversion (a picklist label is text). */
export function sourceType(f: ResolvedField, picklists: 'label' | 'value'): ExprType | null {
  if (!f.from) return null;
  const a = f.from.attribute;
  if (a) return isPicklist(a) && picklists === 'label' ? T('string', true) : fromEdm(a.type, a.nullable);
  const ev = (EVENT_FIELDS as Readonly<Record<string, string>>)[f.from.name];
  return ev ? T(ev.replace('?', '') as Base, ev.endsWith('?')) : null;
}

export type { CheckedProject, ResolvedEntity };
