// Null handling shared by every library function: undefined (unselected column) counts as null.
export const isNull = (v: unknown): v is null | undefined => v === null || v === undefined;

/** First argument that is neither null nor undefined; null when all are. */
export function coalesce<T>(...vs: readonly (T | null | undefined)[]): T | null {
  for (const v of vs) if (v !== null && v !== undefined) return v;
  return null;
}

/** null, undefined and '' (also after trimming) are empty; so is an empty array. */
export function isEmpty(v: unknown): boolean {
  if (v === null || v === undefined) return true;
  if (typeof v === 'string') return v.trim() === '';
  return false;
}
