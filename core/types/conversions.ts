// Which family converts into which, settled once for every stage: `implicit` (a `from:` column is
// converted by the slot's writer), `explicit` (only through the named expression function), `refused`.
import type { ExprBase, Family } from './table.ts';

export type Conversion =
  | { readonly verdict: 'implicit' }
  | { readonly verdict: 'explicit'; readonly fn: 'toNumber' | 'toBoolean' | 'date' | 'datetime' }
  | { readonly verdict: 'refused' };

const IMPLICIT: Conversion = { verdict: 'implicit' };
const REFUSED: Conversion = { verdict: 'refused' };
const explicit = (fn: 'toNumber' | 'toBoolean' | 'date' | 'datetime'): Conversion => ({
  verdict: 'explicit',
  fn,
});

const NUMERIC = new Set<Family>(['integer', 'number']);
const TEMPORAL = new Set<Family>(['date', 'datetime']);

export function conversion(from: Family, to: Family): Conversion {
  if (to === 'other') return REFUSED;
  if (to === 'string' || from === to) return IMPLICIT;
  if (NUMERIC.has(from) && NUMERIC.has(to)) return IMPLICIT;
  // Midnight UTC / the UTC date part: exact enough to do silently.
  if (TEMPORAL.has(from) && TEMPORAL.has(to)) return IMPLICIT;
  // A number is not a yes/no (is 2 true?), nor is text a number: say so in the mapping.
  if (to === 'boolean') return from === 'string' || NUMERIC.has(from) ? explicit('toBoolean') : REFUSED;
  if (NUMERIC.has(to)) return from === 'string' || from === 'boolean' ? explicit('toNumber') : REFUSED;
  if (from === 'string') return explicit(to === 'date' ? 'date' : 'datetime');
  return REFUSED;
}

export const implicitly = (from: Family, to: Family): boolean => conversion(from, to).verdict === 'implicit';

/** Family of an expression value (numbers in expressions are not split into integers). */
export const EXPR_FAMILY: Readonly<Record<ExprBase, Family>> = Object.freeze({
  string: 'string',
  number: 'number',
  boolean: 'boolean',
  date: 'date',
  datetime: 'datetime',
});
