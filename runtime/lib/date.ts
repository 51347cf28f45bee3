// Dates. Runtime representation: `date` values are 'YYYY-MM-DD' strings, `datetime` values are Date
// objects (UTC). Inputs may be Dynamics ISO strings, Campaign 'YYYY-MM-DD hh:mm:ss.sssZ' or Dates.
import { TransformError } from '../../core/errors.ts';
import { isDateText, timestampMillis } from '../../core/time.ts';

type DateIn = string | Date | null | undefined;
const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

/** Parses any accepted date/date-time form to a Date; null stays null; garbage throws. */
export function datetime(v: DateIn): Date | null {
  if (v === null || v === undefined) return null;
  if (v instanceof Date) return v;
  const ms = timestampMillis(v);
  if (Number.isNaN(ms))
    throw new TransformError('FERRY_BAD_DATE', `not a date: ${JSON.stringify(v.slice(0, 40))}`);
  return new Date(ms);
}

/** Date part (UTC) as 'YYYY-MM-DD'. */
export function date(v: DateIn): string | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string' && isDateText(v)) return v;
  const d = datetime(v);
  return d === null
    ? null
    : `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

/** Pattern tokens (UTC): YYYY MM DD hh mm ss sss; everything else is copied. */
export function formatDate(v: DateIn, pattern: string | null): string | null {
  const d = datetime(v);
  if (d === null || pattern === null) return null;
  const parts: Record<string, string> = {
    YYYY: pad(d.getUTCFullYear(), 4),
    MM: pad(d.getUTCMonth() + 1),
    DD: pad(d.getUTCDate()),
    hh: pad(d.getUTCHours()),
    mm: pad(d.getUTCMinutes()),
    sss: pad(d.getUTCMilliseconds(), 3),
    ss: pad(d.getUTCSeconds()),
  };
  return pattern.replace(/YYYY|MM|DD|hh|mm|sss|ss/g, (t) => parts[t] ?? t);
}

/** Adds whole days to a `date` ('YYYY-MM-DD' in, 'YYYY-MM-DD' out). */
export function addDays(v: string | null | undefined, n: number | null): string | null {
  const d = datetime(v);
  return d === null || n === null ? null : date(new Date(d.getTime() + Math.trunc(n) * 86_400_000));
}

/** Adds whole days (24 h) to a `datetime`. */
export function addDaysDt(v: DateIn, n: number | null): Date | null {
  const d = datetime(v);
  return d === null || n === null ? null : new Date(d.getTime() + Math.trunc(n) * 86_400_000);
}

/** Campaign datetime wire format 'YYYY-MM-DD hh:mm:ss.sssZ' (MAP-8). */
export function campaignDateTime(v: DateIn): string | null {
  const d = datetime(v);
  return d === null ? null : d.toISOString().replace('T', ' ');
}

/** Dynamics Edm.DateTimeOffset wire format '2023-04-07T21:59:01Z' (second precision). */
export function dynamicsDateTime(v: DateIn): string | null {
  const d = datetime(v);
  // toISOString always ends in '.sssZ': dropping those 5 characters needs no pattern.
  return d === null ? null : `${d.toISOString().slice(0, -5)}Z`;
}

/** Parses a Campaign timestamp ('YYYY-MM-DD hh:mm:ss.sssZ' or ISO). */
export const parseCampaignTimestamp = (s: string | null | undefined): Date | null => datetime(s);
