// The one way a value enters a URL, an OData key segment or a $batch request line: control characters are
// refused (the record is dead-lettered), everything else is percent-encoded here and nowhere else.
import { RecordError } from '../../core/errors.ts';

/** C0, DEL, C1 and the Unicode line and paragraph separators: nothing that could end or bend a line. */
const isControl = (c: number): boolean =>
  c < 0x20 || (c >= 0x7f && c <= 0x9f) || c === 0x2028 || c === 0x2029;

/** A control character, or a lone surrogate (which cannot be percent-encoded: encodeURIComponent throws). */
function unfit(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (isControl(c)) return true;
    if (c >= 0xd800 && c <= 0xdbff) {
      const low = value.charCodeAt(i + 1);
      if (!(low >= 0xdc00 && low <= 0xdfff)) return true;
      i++; // a valid pair
    } else if (c >= 0xdc00 && c <= 0xdfff) return true;
  }
  return false;
}

const refused = (value: string, what: string): RecordError =>
  new RecordError(
    'FERRY_URL_CONTROL_CHAR',
    `${what} ${JSON.stringify(value.slice(0, 60))} contains a control character; it cannot go into a URL`,
    { details: { what } },
  );

/** The value itself, or a record-level error when it holds a control character or a lone surrogate. */
export function refuseControl(value: string, what = 'value'): string {
  if (unfit(value)) throw refused(value, what);
  return value;
}

/**
 * A path segment or query value. encodeURIComponent leaves only `A-Z a-z 0-9 - _ . ! ~ * ' ( )`, so `/`, `?`,
 * `#`, `%`, `&`, `+`, spaces and every non-ASCII character are encoded: the value cannot leave its place.
 */
export const encodeComponent = (value: string, what?: string): string =>
  encodeURIComponent(refuseControl(value, what));

/** Parameter names are ferry's own (`$filter`, `since`, a Campaign filter's `<field>_parameter`). */
const PARAM_NAME = /^[$A-Za-z_][\w.-]*$/;

/** `?a=1&b=2` from the defined parameters ('' when none), every value encoded. */
export function queryString(params: Readonly<Record<string, string | undefined>>): string {
  const parts = Object.entries(params).flatMap(([k, v]) => {
    if (!PARAM_NAME.test(k)) throw new RangeError(`not a query parameter name: ${JSON.stringify(k)}`);
    return v === undefined ? [] : [`${k}=${encodeComponent(v, k)}`];
  });
  return parts.length === 0 ? '' : `?${parts.join('&')}`;
}

/** OData string literal for a key: single quotes doubled inside `'…'` (URL-encoding comes later, in keySegment). */
export const keyLiteral = (value: string, what = 'key value'): string =>
  `'${refuseControl(value, what).replaceAll("'", "''")}'`;

/** `name='value'`: an alternate-key predicate, still OData text (the form `@odata.id` carries in JSON). */
export const keyPredicate = (name: string, value: string): string => `${name}=${keyLiteral(value, name)}`;

/**
 * The key predicate as it goes inside `(…)` of a URL path: percent-encoded as a whole, `=` and `,` kept as the
 * predicate's own separators. A value `%27)/../x(` arrives as `%2527)%2F..%2F..%2Fx(` and stays inside its quotes.
 */
export const keySegment = (predicate: string): string =>
  encodeComponent(predicate, 'key').replace(/%3D/g, '=').replace(/%2C/g, ',');

/** `<base><set>(<key>)`: the URL of one record. */
export const entityUrl = (base: string, entitySet: string, predicate: string): string =>
  `${base}${encodeComponent(entitySet, 'entity set')}(${keySegment(predicate)})`;

/** A line of a multipart request (request line, header): refused if anything in it could end the line. */
export const lineSafe = (line: string): string => refuseControl(line, 'request line');

/** The URL of a `$batch` request line: one token, so no whitespace either. */
export function requestTarget(url: string): string {
  if (/\s/.test(url)) throw refused(url, 'request URL');
  return refuseControl(url, 'request URL');
}
