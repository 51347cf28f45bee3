// Timestamps from both APIs: ISO-8601 and Campaign's "YYYY-MM-DD hh:mm:ss.sssZ" (space, not T).
const CAMPAIGN = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)(Z|[+-]\d{2}:?\d{2})?$/;
const HAS_ZONE = /(Z|[+-]\d{2}:?\d{2})$/;

/** Parses a timestamp; a value without a zone is UTC (both APIs only speak UTC). Null when unparseable. */
export function parseTimestamp(value: unknown): Date | null {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value;
  if (typeof value !== 'string' || value.trim() === '') return null;
  const s = value.trim();
  const m = CAMPAIGN.exec(s);
  const iso = m ? `${m[1]}T${m[2]}${m[3] ?? 'Z'}` : HAS_ZONE.test(s) || !s.includes('T') ? s : `${s}Z`;
  const t = Date.parse(iso);
  return Number.isNaN(t) ? null : new Date(t);
}
