// Reading a column or event field: own properties only, so an absent `toString` or `__proto__`
// column is undefined instead of something inherited from Object.prototype.
const hasOwn = Object.prototype.hasOwnProperty;

/** `r[k]` when `r` has its own property `k`, else undefined (typed as the row declares it). */
export function own<R extends object, K extends keyof R & string>(r: R, k: K): R[K] {
  return (hasOwn.call(r, k) ? r[k] : undefined) as R[K];
}
