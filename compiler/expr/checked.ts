// What `checkExpressions` hands to `lower`: the resolved mappings with each checked expression AST
// attached to the field or filter condition it came from (no lookup by object identity afterwards).
import type {
  ResolvedEntity,
  ResolvedEventType,
  ResolvedEvents,
  ResolvedField,
  ResolvedOptout,
} from '../resolve/types.ts';
import type { Expr } from './ast.ts';
import type { CheckedFilter } from './filter.ts';

/** A field with its expression's checked AST (null: no expression, or it did not check). */
export interface CheckedField extends ResolvedField {
  readonly ast: Expr | null;
}

export interface CheckedEntity extends Omit<ResolvedEntity, 'fields' | 'filter'> {
  readonly fields: readonly CheckedField[];
  readonly filter: CheckedFilter;
}

export interface CheckedEventType extends Omit<ResolvedEventType, 'fields' | 'followUp'> {
  readonly fields: readonly CheckedField[];
  readonly followUp:
    | (Omit<NonNullable<ResolvedEventType['followUp']>, 'fields'> & {
        readonly fields: readonly CheckedField[];
      })
    | null;
}

export interface CheckedEvents extends Omit<ResolvedEvents, 'types'> {
  readonly types: readonly CheckedEventType[];
}

export type CheckedMapping = CheckedEntity | CheckedEvents | ResolvedOptout;

export interface CheckedProject {
  readonly tenant: string;
  /** In dependency order, as in the resolved project. */
  readonly mappings: readonly CheckedMapping[];
  /** Entity mapping name -> its compiled filter (the same object as on the mapping). */
  readonly filters: ReadonlyMap<string, CheckedFilter>;
}
