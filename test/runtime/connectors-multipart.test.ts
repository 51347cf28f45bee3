import { describe, expect, it } from 'vitest';
import { BatchSize } from '../../runtime/connectors/dynamics/batch-size.ts';
import { boundaryOf, buildBatch, parseBatchResponse } from '../../runtime/connectors/dynamics/multipart.ts';
import { encodeQueryValue, query } from '../../runtime/connectors/dynamics/odata.ts';

describe('$batch multipart', () => {
  it('writes exactly these bytes: part headers, request line, optional body type and headers, blank line, body', () => {
    const { boundary, body: bytes } = buildBatch([
      { method: 'PATCH', url: 'https://o/api/data/v9.2/contacts(1)', body: '{"a":1}' },
      { method: 'GET', url: 'https://o/api/data/v9.2/tasks', headers: { prefer: 'x=1' } },
    ]);
    const body = bytes.toString('utf8');
    const part = `--${boundary}\r\nContent-Type: application/http\r\nContent-Transfer-Encoding: binary\r\n\r\n`;
    expect(body).toBe(
      `${part}PATCH https://o/api/data/v9.2/contacts(1) HTTP/1.1\r\nContent-Type: application/json; type=entry\r\n\r\n{"a":1}\r\n` +
        `${part}GET https://o/api/data/v9.2/tasks HTTP/1.1\r\nprefer: x=1\r\n\r\n\r\n` +
        `--${boundary}--\r\n`,
    );
  });

  it('encodes every part as UTF-8 into exactly the bytes of the whole text, multi-byte characters included', () => {
    const bodies = [
      '{"s":"é"}',
      '{"s":"😀 \\u0000 ☃"}',
      '{"s":"ascii"}',
      '{"s":"lone \ud800 surrogate"}',
      `{"s":"${'ß'.repeat(300)}"}`,
    ];
    const { boundary, body } = buildBatch(
      bodies.map((b, i) => ({
        method: 'PATCH' as const,
        url: `https://o/api/data/v9.2/contacts(${i})`,
        body: b,
      })),
    );
    const part = `--${boundary}\r\nContent-Type: application/http\r\nContent-Transfer-Encoding: binary\r\n\r\n`;
    const text =
      bodies
        .map(
          (b, i) =>
            `${part}PATCH https://o/api/data/v9.2/contacts(${i}) HTTP/1.1\r\nContent-Type: application/json; type=entry\r\n\r\n${b}\r\n`,
        )
        .join('') + `--${boundary}--\r\n`;
    // Same bytes as encoding the whole text at once: no byte missing, none left uninitialised at the end.
    expect(body.equals(Buffer.from(text, 'utf8'))).toBe(true);
    // A lone surrogate cannot be UTF-8: it is sent as U+FFFD, as Node encodes any string.
    expect(body.toString('utf8')).toContain('lone \ufffd surrogate');
  });

  it('builds parts with CRLF line endings only and one request line per operation', () => {
    const { boundary, body: bytes } = buildBatch([
      { method: 'PATCH', url: 'https://o/api/data/v9.2/contacts(1)', body: '{"a":1}' },
      { method: 'PATCH', url: "https://o/api/data/v9.2/tasks(ferry_eventid='e''1')", body: '{}' },
    ]);
    const body = bytes.toString('utf8');
    expect(body.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    const lines = body.split('\r\n');
    expect(lines[0]).toBe(`--${boundary}`);
    expect(lines).toContain('PATCH https://o/api/data/v9.2/contacts(1) HTTP/1.1');
    expect(lines).toContain('Content-Type: application/json; type=entry');
    expect(lines.filter((l) => l === `--${boundary}`)).toHaveLength(2);
    expect(lines[lines.length - 2]).toBe(`--${boundary}--`);
  });

  it('names its boundary in the Content-Type it returns, which the parser reads back', () => {
    const { boundary, contentType } = buildBatch([
      { method: 'GET', url: 'https://o/api/data/v9.2/contacts' },
    ]);
    expect(contentType).toBe(`multipart/mixed; boundary="${boundary}"`);
    expect(boundaryOf(contentType)).toBe(boundary);
    const reply = [
      `--${boundary}`,
      'Content-Type: application/http',
      '',
      'HTTP/1.1 200 OK',
      '',
      '{}',
      `--${boundary}--`,
      '',
    ];
    const [part, ...more] = parseBatchResponse(reply.join('\r\n'), contentType);
    expect(more).toEqual([]);
    expect({ status: part?.status, headers: part?.headers, body: part?.body }).toEqual({
      status: 200,
      headers: {},
      body: '{}',
    });
  });

  it('parses a response with a new boundary, change sets flattened, CRLF or LF', () => {
    const crlf = [
      '--batchresponse_1',
      'Content-Type: application/http',
      'Content-Transfer-Encoding: binary',
      '',
      'HTTP/1.1 204 No Content',
      'OData-Version: 4.0',
      '',
      '',
      '--batchresponse_1',
      'Content-Type: multipart/mixed; boundary=changesetresponse_2',
      '',
      '--changesetresponse_2',
      'Content-Type: application/http',
      'Content-ID: 1',
      '',
      'HTTP/1.1 400 Bad Request',
      'Content-Type: application/json; odata.metadata=minimal',
      'REQ_ID: abc',
      '',
      '{"error":{"code":"0x80044331","message":"too long"}}',
      '--changesetresponse_2--',
      '--batchresponse_1--',
      '',
    ].join('\r\n');
    const parts = parseBatchResponse(crlf, 'multipart/mixed; boundary=batchresponse_1');
    expect(parts.map((p) => p.status)).toEqual([204, 400]);
    expect(parts[1]?.headers['req_id']).toBe('abc');
    expect(JSON.parse(parts[1]?.body ?? '')).toEqual({ error: { code: '0x80044331', message: 'too long' } });
    expect(
      parseBatchResponse(crlf.replace(/\r\n/g, '\n'), 'multipart/mixed; boundary="batchresponse_1"').map(
        (p) => p.status,
      ),
    ).toEqual([204, 400]);
    expect(boundaryOf('multipart/mixed; boundary="b_1"; charset=utf-8')).toBe('b_1');
  });
});

describe('OData query encoding', () => {
  it('encodes + & # % and spaces, keeps quotes and parentheses', () => {
    expect(encodeQueryValue("a+b eq 'x&y#%'")).toBe("a%2Bb%20eq%20'x%26y%23%25'");
    expect(query({ $select: 'a,b', $filter: undefined })).toBe('?$select=a%2Cb');
  });
});

describe('BatchSize', () => {
  it('halves on shrink, grows by ~10% and stays within 1..max', () => {
    const b = new BatchSize(100);
    b.shrink();
    expect(b.value).toBe(50);
    b.grow();
    expect(b.value).toBe(55);
    for (let i = 0; i < 100; i++) b.grow();
    expect(b.value).toBe(1000);
    for (let i = 0; i < 20; i++) b.shrink();
    expect(b.value).toBe(1);
  });
});
