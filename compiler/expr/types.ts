// The expression type system: five base types plus null, each possibly nullable; derived from Edm
// types (source) and Campaign/Dynamics field types (targets).
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

/** Edm type of a Dynamics column -> expression type (anything exotic reads as a string, MAP-8). */
export function fromEdm(edm: string, nullable: boolean): ExprType {
  switch (edm) {
    case 'Edm.Boolean':
      return T('boolean', nullable);
    case 'Edm.Int16':
    case 'Edm.Int32':
    case 'Edm.Int64':
    case 'Edm.Decimal':
    case 'Edm.Double':
      return T('number', nullable);
    case 'Edm.Date':
      return T('date', nullable);
    case 'Edm.DateTimeOffset':
      return T('datetime', nullable);
    default:
      return T('string', nullable);
  }
}

/** Campaign field type -> expression type of the slot. */
export function fromCampaign(type: string): ExprType {
  switch (type) {
    case 'boolean':
      return T('boolean', true);
    case 'byte':
    case 'short':
    case 'long':
    case 'int64':
    case 'float':
    case 'double':
      return T('number', true);
    case 'date':
      return T('date', true);
    case 'datetime':
      return T('datetime', true);
    default:
      return T('string', true);
  }
}

/** Can a value of type `v` be written into a slot of type `slot` without an explicit conversion? */
export function assignable(v: ExprType, slot: ExprType): boolean {
  if (v.base === 'null') return slot.nullable;
  if (v.nullable && !slot.nullable) return false;
  if (v.base === slot.base) return true;
  // date <-> datetime is exact enough (midnight UTC / UTC date part), as MAP-8 converts them.
  return (v.base === 'date' && slot.base === 'datetime') || (v.base === 'datetime' && slot.base === 'date');
}

/** Two operand types comparable with == < etc. */
export function comparable(a: ExprType, b: ExprType): boolean {
  if (a.base === 'null' || b.base === 'null' || a.base === b.base) return true;
  const dates = new Set<Base>(['date', 'datetime']);
  return dates.has(a.base) && dates.has(b.base);
}
