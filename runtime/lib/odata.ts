// OData literal escaping (reference dynamics-web-api.md §3): single quotes are doubled inside
// '…'; URL-encoding is the HTTP layer's job. GUIDs and numbers are bare, dates are ISO.
import { isGuid } from '../../core/guid.ts';

export { isGuid };
export const odataString = (s: string): string => `'${s.replaceAll("'", "''")}'`;

/** Literal for a $filter or a key segment: strings quoted, GUIDs bare (lower-case), Dates ISO. */
export function odataLiteral(
  v: string | number | boolean | Date | null,
  opts: { readonly guid?: boolean } = {},
): string {
  if (v === null) return 'null';
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new RangeError(`not a finite number: ${v}`);
    return String(v);
  }
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (v instanceof Date) return v.toISOString().replace(/\.000Z$/, 'Z');
  if (opts.guid === true && isGuid(v)) return v.toLowerCase();
  return odataString(v);
}
