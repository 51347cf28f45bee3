// The one reader of timestamp text from both APIs: ISO-8601 (Dynamics) and Campaign's
// 'YYYY-MM-DD hh:mm:ss.sssZ' (a space instead of 'T'). Both APIs speak UTC, so a value without a
// zone is UTC, whatever the machine's time zone.
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/;
const HAS_ZONE = /(Z|[+-]\d{2}:?\d{2})$/;

const isDigit = (c: number): boolean => c >= 48 && c <= 57;

/** 'YYYY-MM-DD' exactly; checked without a regex because every date value passes here. */
export function isDateText(s: string): boolean {
  if (s.length !== 10 || s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45) return false;
  for (let i = 0; i < 10; i++) if (i !== 4 && i !== 7 && !isDigit(s.charCodeAt(i))) return false;
  return true;
}

/** A date and a time of day ('T' or space), optional seconds, fraction and zone. */
export const isTimestampText = (s: string): boolean => TIMESTAMP.test(s);

/** Milliseconds since the epoch of a date or timestamp text; NaN when it is none. */
export function timestampMillis(text: string): number {
  const s = text.trim();
  if (isDateText(s)) return Date.parse(`${s}T00:00:00Z`);
  // Campaign writes a space where ISO has 'T'.
  const iso = s.charCodeAt(10) === 32 ? `${s.slice(0, 10)}T${s.slice(11)}` : s;
  // Fast path for both wire forms, which end in 'Z'; otherwise no zone means UTC.
  if (iso.endsWith('Z') || !isTimestampText(s)) return Date.parse(iso);
  return Date.parse(HAS_ZONE.test(iso) ? iso : `${iso}Z`);
}

/** Parses a timestamp (text or Date); null when it is none. */
export function parseTimestamp(value: unknown): Date | null {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value;
  if (typeof value !== 'string' || value.trim() === '') return null;
  const t = timestampMillis(value);
  return Number.isNaN(t) ? null : new Date(t);
}
