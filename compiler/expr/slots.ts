// Target slot types and the checks of field values against them (expressions strictly, `from`
// columns by the conversion table in core/types/, constants, value maps and defaults by their JSON type).
import type { Diagnostic } from '../diagnostics/diagnostic.ts';
import type { Scalar } from '../../core/model/mapping.ts';
import type { ResolvedField, Site, TargetSlot } from '../resolve/types.ts';
import type { Expr } from './ast.ts';
import { exprDiagnostic, siteDiagnostic } from './diagnose.ts';
import { T, assignable, fromCampaign, fromEdm, show, type Base, type ExprType } from './types.ts';
import { EXPR_FAMILY, implicitly } from '../../core/types/index.ts';
import { conversionHint, slotRow } from '../resolve/compat.ts';

export const slotType = (slot: TargetSlot): ExprType =>
  slot.side === 'campaign' ? fromCampaign(slot.field.type) : fromEdm(slot.attribute.type, true);
export const slotName = (slot: TargetSlot): string =>
  slot.side === 'campaign'
    ? `${slot.field.name} (${slot.field.type})`
    : `${slot.attribute.name} (${slot.attribute.type})`;

const CONVERT: Readonly<Record<Base, string>> = {
  string: 'toString(...)',
  number: 'toNumber(...)',
  boolean: 'toBoolean(...)',
  date: 'date(...)',
  datetime: 'datetime(...)',
  null: '',
};

/** Does a `from` value of type `source` convert into `slot` implicitly (read from the type table)? */
export const sourceFits = (source: ExprType, slot: TargetSlot): boolean =>
  source.base === 'null' || implicitly(EXPR_FAMILY[source.base], slotRow(slot).family);

export const scalarType = (v: Scalar): ExprType =>
  v === null
    ? T('null')
    : typeof v === 'string'
      ? T('string')
      : typeof v === 'number'
        ? T('number')
        : T('boolean');

// A constant fits when its JSON type matches, or it is text in a date slot that parses as a date.
function constFits(v: Scalar, slot: ExprType): boolean {
  if (v === null) return true;
  const t = scalarType(v);
  if (t.base === slot.base || slot.base === 'string') return true;
  return (
    typeof v === 'string' &&
    (slot.base === 'date' || slot.base === 'datetime') &&
    !Number.isNaN(Date.parse(v))
  );
}

/** Checks one field; `expr` is the checked expression (when the field has one and it parsed). */
export function checkField(
  f: ResolvedField,
  sourceType: ExprType | null,
  expr: Expr | null,
  out: Diagnostic[],
): void {
  const slot = slotType(f.slot);
  const name = slotName(f.slot);
  const at = (k: string): Site => ({ doc: f.site.doc, pointer: `${f.site.pointer}/${k}` });
  const passesThrough = f.values === undefined || f.default === undefined;
  if (expr && f.expr && passesThrough && !assignable(expr.t, slot)) {
    const hint = `use ${CONVERT[slot.base]} to convert`;
    out.push(
      exprDiagnostic(
        {
          code: 'targetType',
          start: 0,
          end: f.expr.text.length,
          message: `expression of type ${show(expr.t)} does not fit ${name}`,
          hint,
        },
        f.expr.site,
      ),
    );
  }
  if (sourceType && !f.expr && passesThrough && !sourceFits(sourceType, f.slot)) {
    const from = f.from?.name ?? 'source';
    out.push(
      siteDiagnostic(
        'sourceConversion',
        at('from'),
        `${from} (${show(sourceType)}) cannot be converted to ${name}`,
        sourceType.base === 'null'
          ? {}
          : conversionHint(EXPR_FAMILY[sourceType.base], slotRow(f.slot).family, from),
      ),
    );
  }
  if (f.value !== undefined && !constFits(f.value, slot))
    out.push(
      siteDiagnostic('constType', at('value'), `constant ${JSON.stringify(f.value)} does not fit ${name}`),
    );
  if (f.default !== undefined && !constFits(f.default, slot))
    out.push(
      siteDiagnostic('constType', at('default'), `default ${JSON.stringify(f.default)} does not fit ${name}`),
    );
  for (const [k, v] of Object.entries(f.values ?? {})) {
    if (!constFits(v, slot))
      out.push(
        siteDiagnostic(
          'valueMapType',
          {
            doc: f.site.doc,
            pointer: `${f.site.pointer}/values/${k.replace(/~/g, '~0').replace(/\//g, '~1')}`,
          },
          `replacement ${JSON.stringify(v)} for ${JSON.stringify(k)} does not fit ${name}`,
        ),
      );
  }
}
