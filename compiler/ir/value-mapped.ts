// Value replacements (MAP-6) and default: the mapped value if the raw value is in the table, else the
// default (when given), else the raw value (as a picklist label in label mode).
import type { Scalar } from '../../core/model/mapping.ts';
import type { IrValue } from './index.ts';

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
