// String functions of the expression language. Null in, null out; contains/startsWith/endsWith are
// case-insensitive because Dynamics compares strings case-insensitively and filters must agree.
type S = string | null | undefined;

// The per-record string methods, taken once and called directly: every mapping's calls share one library
// function, and strings of many shapes (flat, cons, sliced, internalized) make its `s.slice` lookup
// megamorphic; a direct call of the method needs no lookup and V8 still compiles it inline.
const { slice, toLowerCase, toUpperCase, trim: trimBoth } = String.prototype;

export const lower = (s: S): string | null => (s == null ? null : toLowerCase.call(s));
export const upper = (s: S): string | null => (s == null ? null : toUpperCase.call(s));
export const trim = (s: S): string | null => (s == null ? null : trimBoth.call(s));

/** First n UTF-16 units (Campaign lengths are counted the same way). */
export const left = (s: S, n: number | null): string | null =>
  s == null || n == null ? null : slice.call(s, 0, Math.max(0, Math.trunc(n)));
export const right = (s: S, n: number | null): string | null =>
  s == null || n == null ? null : Math.trunc(n) <= 0 ? '' : slice.call(s, -Math.trunc(n));

/** Replaces every occurrence (literal text, not a pattern). */
export const replace = (s: S, find: S, by: S): string | null =>
  s == null ? null : find == null || find === '' ? s : s.split(find).join(by ?? '');

/** Concatenation that treats null as '' (so one missing part does not blank the whole value). */
export function concat(...parts: readonly unknown[]): string {
  let out = '';
  // Dates as ISO, never String(date): that depends on the machine's time zone.
  for (const p of parts)
    if (p !== null && p !== undefined)
      out += typeof p === 'string' ? p : p instanceof Date ? p.toISOString() : String(p);
  return out;
}

export const contains = (s: S, part: S): boolean | null =>
  s == null || part == null ? null : s.toLowerCase().includes(part.toLowerCase());
export const startsWith = (s: S, part: S): boolean | null =>
  s == null || part == null ? null : s.toLowerCase().startsWith(part.toLowerCase());
export const endsWith = (s: S, part: S): boolean | null =>
  s == null || part == null ? null : s.toLowerCase().endsWith(part.toLowerCase());

/** Template literal piece: null renders as '' like concat. */
export const str = (v: unknown): string =>
  v === null || v === undefined ? '' : v instanceof Date ? v.toISOString() : String(v);
