// Parses the single comma-separated `Prefer` header (§2) and builds `Preference-Applied`.
export interface Prefer {
  readonly returnRepresentation: boolean;
  /** Raw annotation filter, e.g. `*` or `OData.Community.Display.V1.FormattedValue`. */
  readonly annotations?: string;
  readonly maxPageSize?: number;
  readonly trackChanges: boolean;
  readonly continueOnError: boolean;
}

function splitTopLevel(s: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (const ch of s) {
    if (ch === '"') quoted = !quoted;
    if (ch === ',' && !quoted) {
      out.push(cur.trim());
      cur = '';
    } else cur += ch;
  }
  if (cur.trim() !== '') out.push(cur.trim());
  return out;
}

export function parsePrefer(header: string | undefined): Prefer {
  let returnRepresentation = false;
  let trackChanges = false;
  let continueOnError = false;
  let annotations: string | undefined;
  let maxPageSize: number | undefined;
  for (const item of splitTopLevel(header ?? '')) {
    const eq = item.indexOf('=');
    const name = (eq < 0 ? item : item.slice(0, eq)).trim().toLowerCase();
    const value =
      eq < 0
        ? ''
        : item
            .slice(eq + 1)
            .trim()
            .replace(/^"|"$/g, '');
    if (name === 'return' && value === 'representation') returnRepresentation = true;
    else if (name === 'odata.track-changes') trackChanges = true;
    else if (name === 'odata.continue-on-error') continueOnError = true;
    else if (name === 'odata.include-annotations') annotations = value;
    else if (name === 'odata.maxpagesize') {
      const n = Number(value);
      if (Number.isInteger(n) && n > 0) maxPageSize = n;
    }
  }
  return {
    returnRepresentation,
    trackChanges,
    continueOnError,
    ...(annotations !== undefined ? { annotations } : {}),
    ...(maxPageSize !== undefined ? { maxPageSize } : {}),
  };
}

/** True when the requested annotation filter includes `term` (`*`, exact, or `Prefix.*`; `-x` excludes). */
export function wantsAnnotation(filter: string | undefined, term: string): boolean {
  if (filter === undefined) return false;
  let want = false;
  for (const raw of filter.split(',')) {
    const p = raw.trim();
    const neg = p.startsWith('-');
    const pat = neg ? p.slice(1) : p;
    const hit = pat === '*' || pat === term || (pat.endsWith('.*') && term.startsWith(pat.slice(0, -1)));
    if (hit) want = !neg;
  }
  return want;
}

export const FORMATTED = 'OData.Community.Display.V1.FormattedValue';
