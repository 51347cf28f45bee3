// The expression type system: five base types plus null, each possibly nullable; derived from Edm
// types (source) and Campaign/Dynamics field types (targets) through the type table in core/types/.
import { campaignType, edmType } from '../../core/types/index.ts';

export type Base = 'string' | 'number' | 'boolean' | 'date' | 'datetime' | 'null';

export interface ExprType {
  readonly base: Base;
  readonly nullable: boolean;
}

export const T = (base: Base, nullable = false): ExprType => ({
  base,
  nullable: base === 'null' || nullable,
});
export const NULL: ExprType = T('null');
export const show = (t: ExprType): string =>
  t.base === 'null' ? 'null' : t.nullable ? `${t.base} | null` : t.base;
export const orNull = (t: ExprType, nullable: boolean): ExprType => T(t.base, t.nullable || nullable);

/** Edm type of a Dynamics column -> expression type (anything exotic reads as a string). */
export const fromEdm = (edm: string, nullable: boolean): ExprType => T(edmType(edm).expr, nullable);

/** Campaign field type -> expression type of the slot. */
export const fromCampaign = (type: string): ExprType => T(campaignType(type).expr, true);

/** Can a value of type `v` be written into a slot of type `slot` without an explicit conversion? */
export function assignable(v: ExprType, slot: ExprType): boolean {
  if (v.base === 'null') return slot.nullable;
  if (v.nullable && !slot.nullable) return false;
  if (v.base === slot.base) return true;
  // date <-> datetime is exact enough (midnight UTC / UTC date part), as the type table converts them.
  return (v.base === 'date' && slot.base === 'datetime') || (v.base === 'datetime' && slot.base === 'date');
}

/** Two operand types comparable with == < etc. */
export function comparable(a: ExprType, b: ExprType): boolean {
  if (a.base === 'null' || b.base === 'null' || a.base === b.base) return true;
  const dates = new Set<Base>(['date', 'datetime']);
  return dates.has(a.base) && dates.has(b.base);
}
