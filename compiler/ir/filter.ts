// A compiled filter: the OData part and, per condition, its checked expression for the predicate.
import type { PushResult } from '../expr/odata.ts';
import type { IrOrigin } from './origin.ts';
import type { IrExprValue } from './value-expr.ts';

export interface IrCondition {
  readonly group: 'all' | 'any';
  /** Position of the condition's YAML value (generated comment). */
  readonly origin: IrOrigin;
  readonly test: IrExprValue;
  readonly push: PushResult;
  /** True when this condition is part of the $filter sent to Dynamics. */
  readonly pushed: boolean;
}

export interface IrFilter {
  readonly kind: 'filter';
  readonly conditions: readonly IrCondition[];
  readonly odata: string | null;
  readonly deleteFilteredOut: boolean;
}
