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

/** Parts between `--boundary` lines, up to the `--boundary--` line; scanned in place, not split into lines. */
function splitParts(body: string, boundary: string): string[] {
  const open = `--${boundary}`;
  const close = `${open}--`;
  const parts: string[] = [];
  // Start of the current part's text (-1: before the first delimiter).
  let cur = -1;
  for (let i = 0; i <= body.length;) {
    const found = body.indexOf('\n', i);
    const nl = found < 0 ? body.length : found;
    // Only a line starting with "--" can be a delimiter; the text of a part ends at the newline before it.
    if (body.startsWith('--', i) && (nl - i === open.length || nl - i === close.length)) {
      const line = body.slice(i, nl);
      if (line === close || line === open) {
        if (cur >= 0) parts.push(body.slice(cur, Math.max(cur, i - 1)));
        if (line === close) return parts;
        cur = nl + 1;
      }
    }
    i = nl + 1;
  }
  throw E.badRequest(`The end of the batch boundary '${boundary}' was not found.`);
}

/** Drops leading (`start`) or trailing line feeds without a regular expression scan. */
function trimNewlines(text: string, end: 'start' | 'end'): string {
  let a = 0;
  let b = text.length;
  if (end === 'start') while (a < b && text.charCodeAt(a) === 10) a++;
  else while (b > a && text.charCodeAt(b - 1) === 10) b--;
  return a === 0 && b === text.length ? text : text.slice(a, b);
}

function headerBlock(text: string): { headers: Record<string, string>; rest: string } {
  const idx = text.indexOf('\n\n');
  const head = idx < 0 ? text : text.slice(0, idx);
  const rest = idx < 0 ? '' : text.slice(idx + 2);
  const headers: Record<string, string> = {};
  for (const line of head.split('\n')) {
    const c = line.indexOf(':');
    if (c > 0) headers[line.slice(0, c).trim().toLowerCase()] = line.slice(c + 1).trim();
  }
  return { headers, rest };
}

function parseOp(text: string): BatchOp {
  const { headers: outer, rest } = headerBlock(trimNewlines(text, 'start'));
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

/** Parses the whole batch body into ordered parts. */
export function parseBatch(raw: string, boundary: string): BatchPart[] {
  const body = raw.includes('\r') ? raw.replace(/\r\n/g, '\n') : raw;
  return splitParts(body, boundary).map((p): BatchPart => {
    const { headers, rest } = headerBlock(trimNewlines(p, 'start'));
    const ct = headers['content-type'] ?? '';
    if (ct.toLowerCase().startsWith('multipart/mixed')) {
      const inner = boundaryOf(ct);
      if (inner === undefined) throw E.badRequest('A change set is missing its boundary.');
      return { kind: 'changeset', ops: splitParts(rest, inner).map(parseOp) };
    }
    return { kind: 'op', op: parseOp(p) };
  });
}
