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

function splitParts(body: string, boundary: string): string[] {
  const lines = body.split('\n');
  const parts: string[] = [];
  let cur: string[] | undefined;
  for (const line of lines) {
    if (line === `--${boundary}--`) {
      if (cur) parts.push(cur.join('\n'));
      return parts;
    }
    if (line === `--${boundary}`) {
      if (cur) parts.push(cur.join('\n'));
      cur = [];
      continue;
    }
    cur?.push(line);
  }
  throw E.badRequest(`The end of the batch boundary '${boundary}' was not found.`);
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
  const { headers: outer, rest } = headerBlock(text.replace(/^\n+/, ''));
  const lines = rest.replace(/^\n+/, '');
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
    body: body.replace(/\n+$/, ''),
    ...(contentId !== undefined ? { contentId } : {}),
  };
}

/** Parses the whole batch body into ordered parts. */
export function parseBatch(raw: string, boundary: string): BatchPart[] {
  const body = raw.replace(/\r\n/g, '\n');
  return splitParts(body, boundary).map((p): BatchPart => {
    const { headers, rest } = headerBlock(p.replace(/^\n+/, ''));
    const ct = headers['content-type'] ?? '';
    if (ct.toLowerCase().startsWith('multipart/mixed')) {
      const inner = boundaryOf(ct);
      if (inner === undefined) throw E.badRequest('A change set is missing its boundary.');
      return { kind: 'changeset', ops: splitParts(rest, inner).map(parseOp) };
    }
    return { kind: 'op', op: parseOp(p) };
  });
}
