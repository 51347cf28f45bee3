// One target field of a transform.
import type { IrOrigin } from './origin.ts';
import type { IrValue } from './value.ts';

export interface IrField {
  readonly kind: 'field';
  readonly target: string;
  /** The field's YAML key (TS errors in generated code without an expression map back here). */
  readonly origin: IrOrigin;
  /** Short description of the YAML spec, for the generated comment. */
  readonly summary: string;
  readonly value: IrValue;
  /** TS type of the written value in the Target interface. */
  readonly tsType: string;
  readonly updates: boolean;
}
