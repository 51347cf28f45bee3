// The runtime's one multipart/mixed codec for $batch: requests with CRLF and their Content-Type, and
// responses parsed with the boundary from their Content-Type (the emulator keeps its own on purpose).
import { randomUUID } from 'node:crypto';
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

/** One top-level part per operation (no change sets): with odata.continue-on-error each succeeds or fails alone. */
export function buildBatch(ops: readonly BatchOperation[]): {
  boundary: string;
  contentType: string;
  body: string;
} {
  const boundary = `batch_${randomUUID()}`;
  const lines: string[] = [];
  for (const op of ops) {
    lines.push(`--${boundary}`, 'Content-Type: application/http', 'Content-Transfer-Encoding: binary', '');
    // URLs come from the one encoder; a line that could still end early is refused, never written.
    lines.push(`${op.method} ${requestTarget(op.url)} HTTP/1.1`);
    if (op.body !== undefined) lines.push('Content-Type: application/json; type=entry');
    for (const [k, v] of Object.entries(op.headers ?? {})) lines.push(lineSafe(`${k}: ${v}`));
    lines.push('', op.body ?? '');
  }
  lines.push(`--${boundary}--`, '');
  return { boundary, contentType: `multipart/mixed; boundary="${boundary}"`, body: lines.join(CRLF) };
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
  for (const chunk of chunks.slice(1)) {
    if (chunk.startsWith('--')) break;
    parts.push(chunk.replace(/^\r?\n/, '').replace(/\r?\n$/, ''));
  }
  return parts;
}

/** Header block and rest, accepting CRLF or LF. */
function headBody(text: string): { headers: Record<string, string>; rest: string } {
  const m = /\r?\n\r?\n/.exec(text);
  const head = m ? text.slice(0, m.index) : text;
  const rest = m ? text.slice(m.index + m[0].length) : '';
  const headers: Record<string, string> = {};
  for (const line of head.split(/\r?\n/)) {
    const i = line.indexOf(':');
    if (i > 0) headers[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
  }
  return { headers, rest };
}

/** Parse a $batch response body into its HTTP responses, in order; change-set responses are flattened. */
export function parseBatchResponse(body: string, contentType: string | undefined): BatchPart[] {
  const boundary = boundaryOf(contentType);
  if (!boundary) return [];
  const out: BatchPart[] = [];
  for (const part of splitParts(body, boundary)) {
    const { headers, rest } = headBody(part);
    const inner = headers['content-type'] ?? '';
    if (inner.toLowerCase().startsWith('multipart/mixed')) {
      out.push(...parseBatchResponse(rest, inner));
      continue;
    }
    // `HTTP/1.1 204 No Content` + headers + blank line + body.
    const statusLine = /^HTTP\/\d\.\d\s+(\d{3})/.exec(rest);
    const nl = /\r?\n/.exec(rest);
    const afterStatus = rest.slice(nl ? nl.index + nl[0].length : rest.length);
    // A response without headers goes straight to the blank line.
    const blank = /^\r?\n/.exec(afterStatus);
    const http = blank ? { headers: {}, rest: afterStatus.slice(blank[0].length) } : headBody(afterStatus);
    out.push({
      status: statusLine ? Number(statusLine[1]) : 0,
      headers: http.headers,
      body: http.rest.trim(),
    });
  }
  return out;
}
