// Comparison and boolean logic with SQL/OData three-valued semantics: a comparison involving null is
// unknown (null), `not unknown` is unknown, and a filter matches only when the result is true. That is
// how SQL Server evaluates the query Dataverse builds from $filter (inference: not stated in the docs),
// so the predicate and the pushed-down filter agree.
// String comparison is case-insensitive (Dataverse's default collation); order is codepoint order of
// the lower-cased strings, which agrees with SQL for ASCII letters and digits.
export type B3 = boolean | null;

function key(v: unknown): unknown {
  if (typeof v === 'string') return v.toLowerCase();
  if (v instanceof Date) return v.getTime();
  return v;
}

/** -1, 0, 1, or null when either side is null. */
export function cmp(a: unknown, b: unknown): -1 | 0 | 1 | null {
  if (a === null || a === undefined || b === null || b === undefined) return null;
  const x = key(a);
  const y = key(b);
  return x === y ? 0 : (x as number) < (y as number) ? -1 : 1;
}

export const eq = (a: unknown, b: unknown): B3 => {
  const c = cmp(a, b);
  return c === null ? null : c === 0;
};
export const ne = (a: unknown, b: unknown): B3 => {
  const c = cmp(a, b);
  return c === null ? null : c !== 0;
};
export const lt = (a: unknown, b: unknown): B3 => {
  const c = cmp(a, b);
  return c === null ? null : c < 0;
};
export const le = (a: unknown, b: unknown): B3 => {
  const c = cmp(a, b);
  return c === null ? null : c <= 0;
};
export const gt = (a: unknown, b: unknown): B3 => {
  const c = cmp(a, b);
  return c === null ? null : c > 0;
};
export const ge = (a: unknown, b: unknown): B3 => {
  const c = cmp(a, b);
  return c === null ? null : c >= 0;
};

export const and = (a: B3, b: B3): B3 =>
  a === false || b === false ? false : a === null || b === null ? null : true;
export const or = (a: B3, b: B3): B3 =>
  a === true || b === true ? true : a === null || b === null ? null : false;
export const not = (a: B3): B3 => (a === null ? null : !a);
/** Only true is true (unknown does not match, and a ternary takes its else branch). */
export const truth = (a: B3): boolean => a === true;
