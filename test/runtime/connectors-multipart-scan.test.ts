// The $batch response parser scans for line breaks instead of running regular expressions per part: it must
// read every body exactly as the regular-expression definition below does, on bodies full of CR, LF, blank
// lines, nested change sets and parts with or without headers.
import { describe, expect, it } from 'vitest';
import { parseBatchResponse, type BatchPart } from '../../runtime/connectors/dynamics/multipart.ts';

/** The plain definition (the parser as it was written first). */
function reference(body: string, contentType: string | undefined): BatchPart[] {
  const m = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType ?? '');
  const boundary = m ? (m[1] ?? m[2] ?? null) : null;
  if (!boundary) return [];
  const headBody = (text: string): { headers: Record<string, string>; rest: string } => {
    const b = /\r?\n\r?\n/.exec(text);
    const head = b ? text.slice(0, b.index) : text;
    const rest = b ? text.slice(b.index + b[0].length) : '';
    const headers: Record<string, string> = {};
    for (const line of head.split(/\r?\n/)) {
      const i = line.indexOf(':');
      if (i > 0) headers[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
    }
    return { headers, rest };
  };
  const parts: string[] = [];
  for (const chunk of body.split(`--${boundary}`).slice(1)) {
    if (chunk.startsWith('--')) break;
    parts.push(chunk.replace(/^\r?\n/, '').replace(/\r?\n$/, ''));
  }
  const out: BatchPart[] = [];
  for (const part of parts) {
    const { headers, rest } = headBody(part);
    const inner = headers['content-type'] ?? '';
    if (inner.toLowerCase().startsWith('multipart/mixed')) {
      out.push(...reference(rest, inner));
      continue;
    }
    const statusLine = /^HTTP\/\d\.\d\s+(\d{3})/.exec(rest);
    const nl = /\r?\n/.exec(rest);
    const afterStatus = rest.slice(nl ? nl.index + nl[0].length : rest.length);
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

/** Parts as plain objects: the parser reads a part's headers and body only when they are asked for. */
const plain = (parts: readonly BatchPart[]): BatchPart[] =>
  parts.map((p) => ({ status: p.status, headers: { ...p.headers }, body: p.body }));

/** Seeded, so a failure reproduces. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const TOKENS = [
  '\r\n',
  '\n',
  '\r',
  '\r\n\r\n',
  '\n\n',
  '\r\r\n\n',
  'Content-Type: application/http',
  'Content-Type: multipart/mixed; boundary=cs',
  'HTTP/1.1 204 No Content',
  'HTTP/1.1 400 Bad Request',
  'OData-EntityId: https://o/api/x(1)',
  ' X-Odd :  v ',
  'no colon',
  ':',
  '{"error":{"message":"bad"}}',
  '--b',
  '--cs',
  '--cs--',
  '--b--',
  ' ',
  'a',
];

function randomBody(next: () => number): string {
  let out = next() < 0.8 ? '--b' : '';
  const n = Math.floor(next() * 40);
  for (let i = 0; i < n; i++) out += TOKENS[Math.floor(next() * TOKENS.length)] as string;
  return out;
}

describe('$batch response scan', () => {
  it('reads random bodies exactly as the regular-expression definition', () => {
    const next = rng(20261203);
    for (let i = 0; i < 50_000; i++) {
      const body = randomBody(next);
      expect(plain(parseBatchResponse(body, 'multipart/mixed; boundary=b')), JSON.stringify(body)).toEqual(
        reference(body, 'multipart/mixed; boundary=b'),
      );
    }
  });

  it('reads a well-formed response with a change set and LF-only parts', () => {
    const body = [
      '--b',
      'Content-Type: application/http',
      '',
      'HTTP/1.1 204 No Content',
      'OData-EntityId: https://o/api/x(1)',
      '',
      '',
      '--b',
      'Content-Type: multipart/mixed; boundary=cs',
      '',
      '--cs',
      'Content-Type: application/http',
      '',
      'HTTP/1.1 400 Bad Request',
      'Content-Type: application/json',
      '',
      '{"error":{"message":"bad"}}',
      '--cs--',
      '--b--',
      '',
    ];
    for (const eol of ['\r\n', '\n']) {
      const parts = parseBatchResponse(body.join(eol), 'multipart/mixed; boundary="b"');
      expect(parts.map((p) => p.status)).toEqual([204, 400]);
      expect(parts[0]?.headers['odata-entityid']).toBe('https://o/api/x(1)');
      expect(parts[1]?.body).toBe('{"error":{"message":"bad"}}');
      expect(plain(parts)).toEqual(reference(body.join(eol), 'multipart/mixed; boundary="b"'));
    }
  });
});
