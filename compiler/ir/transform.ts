// A transform function: record in, flat JSON record out (entity rows or event records).
import type { IrField } from './field.ts';

export interface IrTransform {
  readonly kind: 'transform';
  /** 'row' for entity mappings (SourceRow), 'event' for events mappings (EventRecord). */
  readonly input: 'row' | 'event';
  readonly fields: readonly IrField[];
}
