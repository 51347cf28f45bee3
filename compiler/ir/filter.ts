// A compiled filter: the OData part and the predicate over all conditions.
import type { CheckedFilter } from '../expr/filter.ts';
import type { IrOrigin } from './origin.ts';

export interface IrFilter {
  readonly kind: 'filter';
  readonly checked: CheckedFilter;
  readonly origins: readonly IrOrigin[];
}
