// MAP-8 conversion of a value to the wire form of its target slot (runtime/lib out.*).
import type { IrValue } from './index.ts';

export type Writer =
  | 'string'
  | 'number'
  | 'integer'
  | 'boolean'
  | 'campaignDate'
  | 'campaignDateTime'
  | 'dynamicsDate'
  | 'dynamicsDateTime';

export interface IrConvert {
  readonly kind: 'convert';
  readonly of: IrValue;
  readonly writer: Writer;
}
