// JSON values as the emulators put them on the wire (their own type: they share nothing with ferry).
export type Json = string | number | boolean | null | readonly Json[] | { readonly [k: string]: Json };

/** Parses JSON text, ignoring a leading byte-order mark (snapshot files saved by Windows tools have one). */
export const parseJsonText = (text: string): unknown =>
  JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text) as unknown;

/** The value as a plain object, or undefined when it is anything else. */
export const asObject = (v: unknown): Record<string, unknown> | undefined =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;

export const asString = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
