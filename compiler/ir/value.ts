// Values: one recursive union (a conversion, label or mapping wraps another value), so its kinds share
// one file instead of importing each other.
import type { Scalar } from '../../core/model/mapping.ts';
import type { Writer } from '../../core/types/index.ts';
import type { IrExprValue } from './value-expr.ts';

export type IrValue = IrConst | IrSource | IrExprValue | IrLabel | IrMapped | IrConvert;
export type { Writer };

/** A constant from YAML (`value:`), already checked against the slot. */
export interface IrConst {
  readonly kind: 'const';
  readonly value: Scalar;
}

/** A source column (entity mappings) or event field (events mappings) read as is. */
export interface IrSource {
  readonly kind: 'source';
  readonly name: string;
}

/** Conversion of a value to the wire form of its target slot (runtime/lib `out.*`). */
export interface IrConvert {
  readonly kind: 'convert';
  readonly of: IrValue;
  readonly writer: Writer;
}

/** Picklist in `label` mode: the option labels from metadata, value -> label. */
export interface IrLabel {
  readonly kind: 'label';
  readonly of: IrValue;
  /** Codepoint-sorted by key. */
  readonly labels: readonly (readonly [string, string])[];
}

/**
 * Value replacements and default: the mapped value if the raw value is in the table, else the default
 * (when given), else the raw value (as a picklist label in label mode).
 */
export interface IrMapped {
  readonly kind: 'mapped';
  /** The raw value the table is keyed by. */
  readonly raw: IrValue;
  /** Codepoint-sorted by key; empty when only a default is given. */
  readonly table: readonly (readonly [string, Scalar])[];
  /** null = no default written in YAML. */
  readonly default: { readonly value: Scalar } | null;
  /** Picklist labels applied to a raw value that passes through (label mode), else null. */
  readonly labels: readonly (readonly [string, string])[] | null;
}
