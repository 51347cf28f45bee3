// Paging cookies ($skiptoken, §5) and delta tokens (§6): opaque to clients, decodable here.
import { ODataSyntaxError } from './lexer.ts';

export interface PageState {
  /** Page number of the next page (starts at 2 in the first nextLink). */
  readonly page: number;
  /** Last row version emitted (version-ordered reads). */
  readonly last: number;
  /** Rows emitted so far (for $orderby offsets and $top). */
  readonly emitted: number;
  /** Version snapshot the read started at (tracking reads). */
  readonly snapshot: number;
  /** Delta phase: rows first, then deletes (tombstone offset). */
  readonly phase: 'rows' | 'deletes';
  readonly tomb: number;
}

/** `<cookie pagenumber="2" pagingcookie="<double-encoded inner cookie>" istracking="False" />`. */
export function encodeSkipToken(s: PageState, tracking: boolean): string {
  const inner = `<cookie page="${s.page - 1}" lastversion="${s.last}" emitted="${s.emitted}" snapshot="${s.snapshot}" phase="${s.phase}" tomb="${s.tomb}" />`;
  // istracking="True" on tracked reads is not documented (§Unverified); chosen by symmetry.
  return `<cookie pagenumber="${s.page}" pagingcookie="${encodeURIComponent(encodeURIComponent(inner))}" istracking="${tracking ? 'True' : 'False'}" />`;
}

const attr = (xml: string, name: string): string | undefined =>
  new RegExp(`\\b${name}="([^"]*)"`).exec(xml)?.[1];

export function decodeSkipToken(token: string): PageState {
  const pc = attr(token, 'pagingcookie');
  const page = Number(attr(token, 'pagenumber'));
  if (pc === undefined || !Number.isInteger(page)) throw new ODataSyntaxError('The $skiptoken is not valid.');
  let inner: string;
  try {
    inner = decodeURIComponent(decodeURIComponent(pc));
  } catch {
    throw new ODataSyntaxError('The $skiptoken is not valid.');
  }
  const num = (n: string) => {
    const v = Number(attr(inner, n));
    if (!Number.isFinite(v)) throw new ODataSyntaxError('The $skiptoken is not valid.');
    return v;
  };
  const phase = attr(inner, 'phase') === 'deletes' ? 'deletes' : 'rows';
  return {
    page,
    last: num('lastversion'),
    emitted: num('emitted'),
    snapshot: num('snapshot'),
    phase,
    tomb: num('tomb'),
  };
}

const pad = (n: number) => String(n).padStart(2, '0');

/** Delta token `<version>!<MM/dd/yyyy HH:mm:ss>` (UTC issue time). */
export function makeDeltaToken(version: number, issuedAt: number): string {
  const d = new Date(issuedAt);
  return `${version}!${pad(d.getUTCMonth() + 1)}/${pad(d.getUTCDate())}/${d.getUTCFullYear()} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
}

/** URL form as seen live: `919042%2108%2f22%2f2017%2008%3a10%3a44` (lower-case escapes). */
export function encodeDeltaToken(token: string): string {
  return token.replace(/!/g, '%21').replace(/\//g, '%2f').replace(/ /g, '%20').replace(/:/g, '%3a');
}

export function parseDeltaToken(token: string): { version: number; issuedAt: number } | undefined {
  const m = /^(\d+)!(\d{2})\/(\d{2})\/(\d{4}) (\d{2}):(\d{2}):(\d{2})$/.exec(token);
  if (!m) return undefined;
  const [, v, mo, d, y, h, mi, s] = m.map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  return { version: v, issuedAt: Date.UTC(y, mo - 1, d, h, mi, s) };
}
