// The runtime's one multipart/mixed codec for $batch: requests with CRLF and their Content-Type, and
// responses parsed with the boundary from their Content-Type (the emulator keeps its own on purpose).
import { randomUUID } from 'node:crypto';
import { FerryError } from '../../../core/errors.ts';
import { lineSafe, requestTarget } from '../../http/encode.ts';

export interface BatchOperation {
  readonly method: 'PATCH' | 'POST' | 'GET' | 'DELETE';
  /** Absolute URL of the operation. */
  readonly url: string;
  readonly body?: string;
  readonly headers?: Readonly<Record<string, string>>;
}

export interface BatchPart {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

const CRLF = '\r\n';
const CR = 13;
const LF = 10;

/** One top-level part per operation (no change sets): with odata.continue-on-error each succeeds or fails alone. */
export function buildBatch(ops: readonly BatchOperation[]): {
  boundary: string;
  contentType: string;
  body: Buffer;
} {
  const boundary = `batch_${randomUUID()}`;
  const head = `--${boundary}${CRLF}Content-Type: application/http${CRLF}Content-Transfer-Encoding: binary${CRLF}${CRLF}`;
  const parts: string[] = [];
  let bytes = 0;
  for (const op of ops) {
    // URLs come from the one encoder; a line that could still end early is refused, never written.
    let part = `${head}${op.method} ${requestTarget(op.url)} HTTP/1.1${CRLF}`;
    if (op.body !== undefined) part += `Content-Type: application/json; type=entry${CRLF}`;
    for (const [k, v] of Object.entries(op.headers ?? {})) part += `${lineSafe(`${k}: ${v}`)}${CRLF}`;
    part += `${CRLF}${op.body ?? ''}${CRLF}`;
    parts.push(part);
    bytes += Buffer.byteLength(part);
  }
  const end = `--${boundary}--${CRLF}`;
  parts.push(end);
  bytes += end.length;
  // Encoded part by part into one buffer: one string of a thousand concatenated parts costs several times more to encode.
  const body = Buffer.allocUnsafe(bytes);
  let at = 0;
  for (const part of parts) at += body.write(part, at);
  // Never send bytes of the unset tail of an uninitialised buffer (other memory of this process).
  if (at !== bytes) throw new FerryError('FERRY_INTERNAL', `$batch body: ${at} of ${bytes} bytes written`);
  return { boundary, contentType: `multipart/mixed; boundary="${boundary}"`, body };
}

export function boundaryOf(contentType: string | undefined): string | null {
  const m = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType ?? '');
  return m ? (m[1] ?? m[2] ?? null) : null;
}

/** Split at `--boundary`, keep the parts between the first delimiter and the closing one. */
function splitParts(body: string, boundary: string): string[] {
  const delim = `--${boundary}`;
  const chunks = body.split(delim);
  const parts: string[] = [];
  for (let i = 1; i < chunks.length; i++) {
    const chunk = chunks[i] as string;
    if (chunk.startsWith('--')) break;
    parts.push(trimBreaks(chunk));
  }
  return parts;
}

/** Index just past a line break (CRLF or LF) starting at `i`, or -1 when none starts there. */
function breakEnd(s: string, i: number): number {
  const c = s.charCodeAt(i);
  if (c === LF) return i + 1;
  return c === CR && s.charCodeAt(i + 1) === LF ? i + 2 : -1;
}

/** Without one leading and one trailing line break (CRLF or LF); scanned, no regular expression per part. */
function trimBreaks(chunk: string): string {
  const start = Math.max(0, breakEnd(chunk, 0));
  let end = chunk.length;
  if (end > start && chunk.charCodeAt(end - 1) === LF) {
    end--;
    if (end > start && chunk.charCodeAt(end - 1) === CR) end--;
  }
  return chunk.slice(start, end);
}

/** The header block and the rest, split at the first blank line (CRLF or LF). */
function splitHead(text: string): { head: string; rest: string } {
  for (let nl = text.indexOf('\n'); nl !== -1; nl = text.indexOf('\n', nl + 1)) {
    const after = breakEnd(text, nl + 1);
    if (after === -1) continue;
    return {
      head: text.slice(0, nl > 0 && text.charCodeAt(nl - 1) === CR ? nl - 1 : nl),
      rest: text.slice(after),
    };
  }
  return { head: text, rest: '' };
}

/** Calls `each` with every header line's trimmed name (as written) and trimmed value. */
function eachHeader(head: string, each: (name: string, value: string) => void): void {
  // Values and names are trimmed, so a CR left at the end of a line changes nothing.
  for (let from = 0; from <= head.length;) {
    const nl = head.indexOf('\n', from);
    const line = head.slice(from, nl === -1 ? head.length : nl);
    const i = line.indexOf(':');
    if (i > 0) each(line.slice(0, i).trim(), line.slice(i + 1).trim());
    if (nl === -1) break;
    from = nl + 1;
  }
}

/** Header block and rest (split at the first blank line), accepting CRLF or LF. */
function headBody(text: string): { headers: Record<string, string>; rest: string } {
  const { head, rest } = splitHead(text);
  const headers: Record<string, string> = {};
  eachHeader(head, (name, value) => {
    headers[name.toLowerCase()] = value;
  });
  return { headers, rest };
}

/** The last Content-Type of a header block ('' when none), without building the header object. */
function contentTypeOf(head: string): string {
  let type = '';
  eachHeader(head, (name, value) => {
    // `content-type` is 12 characters; a shorter trimmed name cannot be it.
    if (name.length === 12 && name.toLowerCase() === 'content-type') type = value;
  });
  return type;
}

const STATUS_LINE = /^HTTP\/\d\.\d\s+(\d{3})/;

/** Headers and body after the status line; a response without headers goes straight to the blank line. */
function httpAfterStatus(afterStatus: string): { headers: Record<string, string>; rest: string } {
  const blank = breakEnd(afterStatus, 0);
  return blank !== -1 ? { headers: {}, rest: afterStatus.slice(blank) } : headBody(afterStatus);
}

/** A response part whose headers and body are parsed only when read: most parts of a large batch are a bare 204. */
class ResponsePart implements BatchPart {
  #http: { headers: Record<string, string>; rest: string } | undefined;
  constructor(
    readonly status: number,
    private readonly afterStatus: string,
  ) {}
  get headers(): Readonly<Record<string, string>> {
    this.#http ??= httpAfterStatus(this.afterStatus);
    return this.#http.headers;
  }
  get body(): string {
    this.#http ??= httpAfterStatus(this.afterStatus);
    return this.#http.rest.trim();
  }
}

/** Parse a $batch response body into its HTTP responses, in order; change-set responses are flattened. */
export function parseBatchResponse(body: string, contentType: string | undefined): BatchPart[] {
  const boundary = boundaryOf(contentType);
  if (!boundary) return [];
  const out: BatchPart[] = [];
  for (const part of splitParts(body, boundary)) {
    const { head, rest } = splitHead(part);
    const inner = contentTypeOf(head);
    if (inner.toLowerCase().startsWith('multipart/mixed')) {
      out.push(...parseBatchResponse(rest, inner));
      continue;
    }
    // `HTTP/1.1 204 No Content` + headers + blank line + body.
    const statusLine = STATUS_LINE.exec(rest);
    const nl = rest.indexOf('\n');
    out.push(new ResponsePart(statusLine ? Number(statusLine[1]) : 0, nl === -1 ? '' : rest.slice(nl + 1)));
  }
  return out;
}
