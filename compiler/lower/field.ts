// ResolvedField -> IrField: raw value (expr, column, constant), value map/default, picklist label,
// then the MAP-8 writer of the slot (elided when the value already has the slot's wire type).
import { sourceType } from '../expr/check-project.ts';
import type { CheckedField } from '../expr/checked.ts';
import { edmType, isPicklist } from '../../core/types/index.ts';
import type { IrField, IrMapped, IrValue, Writer } from '../ir/index.ts';
import type { Scalar } from '../../core/model/mapping.ts';
import type { ResolvedField } from '../resolve/types.ts';
import { WRITER_TS, byKey, exprValue, siteOrigin, writerFor } from './common.ts';

const EXACT: Readonly<Partial<Record<Writer, string>>> = {
  string: 'string',
  number: 'number',
  boolean: 'boolean',
  campaignDate: 'date',
  dynamicsDate: 'date',
};

export function lowerField(f: CheckedField, picklists: 'label' | 'value'): IrField {
  const expr = f.ast;
  const writer = writerFor(f.slot);
  const attr = f.from?.attribute;
  const labels =
    !f.expr && attr && picklists === 'label' && isPicklist(attr)
      ? byKey((attr.options ?? []).map((o) => [String(o.value), o.label] as const))
      : null;
  let raw: IrValue;
  let base: string | null;
  if (f.expr && expr) {
    raw = exprValue(f.expr, expr);
    base = expr.t.base;
  } else if (f.value !== undefined) {
    raw = { kind: 'const', value: f.value };
    base = f.value === null ? 'null' : typeof f.value;
  } else {
    raw = { kind: 'source', name: f.from?.name ?? '' };
    // A column whose JSON form already is the slot's wire form needs no conversion call.
    base = sourceBase(f);
  }
  let value: IrValue = raw;
  if (f.values !== undefined || f.default !== undefined) {
    const mapped: IrMapped = {
      kind: 'mapped',
      raw,
      table: byKey(Object.entries(f.values ?? {})),
      default: f.default === undefined ? null : { value: f.default },
      labels,
    };
    value = mapped;
    // Every value it can take is a YAML scalar or the raw/label pass-through: one exact type needs no writer.
    base = mappedBase(mapped, base);
  } else if (labels) {
    value = { kind: 'label', of: raw, labels };
    base = 'string';
  }
  const exact = EXACT[writer];
  if (!(exact !== undefined && (base === exact || base === 'null')))
    value = { kind: 'convert', of: value, writer };
  const summary = f.expr
    ? `expr: ${f.expr.text}`
    : f.value !== undefined
      ? `value: ${JSON.stringify(f.value)}`
      : `from: ${f.from?.name ?? ''}`;
  return {
    kind: 'field',
    target: f.target,
    origin: siteOrigin(f.site),
    summary,
    value,
    tsType: WRITER_TS[writer],
    updates: f.updates,
  };
}

// Expression base type of a `from` value as it arrives (Edm.Date is 'YYYY-MM-DD' text, i.e. a `date`).
function sourceBase(f: ResolvedField): string | null {
  const t = sourceType(f, 'value');
  if (!t) return null;
  const edm = f.from?.attribute?.type;
  // Only exact JSON kinds: Int columns into an integer slot still go through rounding (writer 'integer').
  return edm === undefined || edmType(edm).exactJson ? t.base : null;
}

// The one expression base of a value map's results (table values, default, else the value passed through),
// or null when they differ; YAML nulls fit any slot (every writer passes null through).
function mappedBase(m: IrMapped, rawBase: string | null): string | null {
  const bases: (string | null)[] = m.table.map(([, v]) => scalarBase(v));
  if (m.default !== null) bases.push(scalarBase(m.default.value));
  else bases.push(m.labels ? 'string' : rawBase);
  const typed = new Set(bases.filter((b) => b !== 'null'));
  if (typed.has(null)) return null;
  return typed.size === 0 ? 'null' : typed.size === 1 ? ([...typed][0] as string) : null;
}

const scalarBase = (v: Scalar): string => (v === null ? 'null' : typeof v);
