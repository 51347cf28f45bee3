// A constant from YAML (`value:`), already checked against the slot.
import type { Scalar } from '../../core/model/mapping.ts';

export interface IrConst {
  readonly kind: 'const';
  readonly value: Scalar;
}
