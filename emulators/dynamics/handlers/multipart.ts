// multipart/mixed parsing for $batch requests; CRLF and bare LF both accepted (§8, inference).
import { E } from '../errors.ts';

export interface BatchOp {
  readonly method: string;
  /** URL as written in the request line. */
  readonly url: string;
  readonly headers: Record<string, string>;
  readonly body: string;
  readonly contentId?: string;
}

export type BatchPart =
  | { readonly kind: 'op'; readonly op: BatchOp }
  | { readonly kind: 'changeset'; readonly ops: readonly BatchOp[] };

export function boundaryOf(contentType: string | undefined): string | undefined {
  return /boundary="?([^";,]+)"?/i.exec(contentType ?? '')?.[1];
}

/** Index just past a line break (LF or CRLF) starting at `i`, or -1 when none starts there. */
function breakAt(text: string, i: number): number {
  const c = text.charCodeAt(i);
  if (c === 10) return i + 1;
  return c === 13 && text.charCodeAt(i + 1) === 10 ? i + 2 : -1;
}

/**
 * Parts between `--boundary` lines, up to the `--boundary--` line. The delimiters are searched for, not every
 * line, and CRLF is read where it stands (normalising a whole batch to LF first cost more than parsing it).
 */
function splitParts(body: string, boundary: string): string[] {
  const open = `--${boundary}`;
  const parts: string[] = [];
  // Start of the current part's text (-1: before the first delimiter).
  let cur = -1;
  for (let from = 0; ;) {
    const at = body.indexOf(open, from);
    if (at < 0) break;
    from = at + 1;
    // A delimiter is a whole line: at the start of a line, followed by the line's end or by "--" and its end.
    if (at > 0 && body.charCodeAt(at - 1) !== 10) continue;
    const closing = body.startsWith('--', at + open.length);
    const end = at + open.length + (closing ? 2 : 0);
    const next = end === body.length ? end : breakAt(body, end);
    if (next < 0) continue;
    // The text of a part ends at the line break before its delimiter.
    const stop = at > 1 && body.charCodeAt(at - 2) === 13 ? at - 2 : at - 1;
    if (cur >= 0) parts.push(body.slice(cur, Math.max(cur, stop)));
    if (closing) return parts;
    cur = next;
  }
  throw E.badRequest(`The end of the batch boundary '${boundary}' was not found.`);
}

const isBreak = (c: number): boolean => c === 10 || c === 13;

/** Drops leading (`start`) or trailing line breaks (CR and LF) without a regular expression scan. */
function trimNewlines(text: string, end: 'start' | 'end'): string {
  let a = 0;
  let b = text.length;
  if (end === 'start') while (a < b && isBreak(text.charCodeAt(a))) a++;
  else while (b > a && isBreak(text.charCodeAt(b - 1))) b--;
  return a === 0 && b === text.length ? text : text.slice(a, b);
}

/** Header lines up to the first empty line (none when the text starts with one), and the text after it. */
function headerBlock(text: string): { headers: Record<string, string>; rest: string } {
  let headEnd = text.length;
  let restAt = text.length;
  const lead = breakAt(text, 0);
  if (lead >= 0) [headEnd, restAt] = [0, lead];
  else
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) {
      const next = breakAt(text, i + 1);
      if (next >= 0) {
        [headEnd, restAt] = [i, next];
        break;
      }
    }
  const headers: Record<string, string> = {};
  if (headEnd > 0)
    for (const line of text.slice(0, headEnd).split('\n')) {
      const c = line.indexOf(':');
      if (c > 0) headers[line.slice(0, c).trim().toLowerCase()] = line.slice(c + 1).trim();
    }
  return { headers, rest: text.slice(restAt) };
}

/** An operation from its part's own headers (`outer`) and the text after them: request line, headers, body. */
function parseOp(outer: Record<string, string>, rest: string): BatchOp {
  const lines = trimNewlines(rest, 'start');
  const nl = lines.indexOf('\n');
  const requestLine = nl < 0 ? lines : lines.slice(0, nl);
  const m = /^(GET|POST|PATCH|PUT|DELETE)\s+(.+?)(\s+HTTP\/1\.1)?$/.exec(requestLine.trim());
  if (!m) throw E.badRequest(`The request line '${requestLine.trim()}' in the batch is not valid.`);
  const { headers, rest: body } = headerBlock(nl < 0 ? '' : lines.slice(nl + 1));
  const contentId = outer['content-id'] ?? headers['content-id'];
  return {
    method: m[1] as string,
    url: m[2] as string,
    headers,
    // Trailing line endings belong to the multipart framing, not the JSON body.
    body: trimNewlines(body, 'end'),
    ...(contentId !== undefined ? { contentId } : {}),
  };
}

function parsePart(text: string): { headers: Record<string, string>; rest: string } {
  return headerBlock(trimNewlines(text, 'start'));
}

/** Parses the whole batch body into ordered parts. */
export function parseBatch(raw: string, boundary: string): BatchPart[] {
  return splitParts(raw, boundary).map((p): BatchPart => {
    const { headers, rest } = parsePart(p);
    const ct = headers['content-type'] ?? '';
    if (ct.toLowerCase().startsWith('multipart/mixed')) {
      const inner = boundaryOf(ct);
      if (inner === undefined) throw E.badRequest('A change set is missing its boundary.');
      return {
        kind: 'changeset',
        ops: splitParts(rest, inner).map((op) => {
          const part = parsePart(op);
          return parseOp(part.headers, part.rest);
        }),
      };
    }
    return { kind: 'op', op: parseOp(headers, rest) };
  });
}
