// One target field of a transform.
import type { IrOrigin } from './origin.ts';
import type { Site } from '../resolve/types.ts';
import type { IrValue } from './index.ts';

export interface IrField {
  readonly kind: 'field';
  readonly target: string;
  readonly origin: IrOrigin;
  /** The field's YAML node (TS errors in its generated code map back here). */
  readonly site: Site;
  /** Short description of the YAML spec, for the generated comment. */
  readonly summary: string;
  readonly value: IrValue;
  /** TS type of the written value in the Target interface. */
  readonly tsType: string;
  readonly updates: boolean;
}
