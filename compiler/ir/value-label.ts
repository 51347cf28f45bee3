// Picklist in `label` mode (MAP-7): the option labels from metadata, value -> label.
import type { IrValue } from './index.ts';

export interface IrLabel {
  readonly kind: 'label';
  readonly of: IrValue;
  /** Codepoint-sorted by key. */
  readonly labels: readonly (readonly [string, string])[];
}
