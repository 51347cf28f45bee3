import { describe, expect, it } from 'vitest';
import { parseBatch } from '../../emulators/dynamics/handlers/multipart.ts';

const lines = (eol: string, ...l: string[]): string => l.join(eol);

/** Two operations and a change set of one, with the given line ending throughout. */
const sample = (eol: string): string =>
  lines(
    eol,
    '--b',
    'Content-Type: application/http',
    'Content-ID: 7',
    '',
    'PATCH contacts(1) HTTP/1.1',
    'Content-Type: application/json; type=entry',
    '',
    '{"lastname":"A"}',
    '--b',
    'Content-Type: multipart/mixed; boundary=cs',
    '',
    '--cs',
    'Content-Type: application/http',
    '',
    'POST contacts HTTP/1.1',
    'Content-Type: application/json',
    '',
    '{"lastname":"B"}',
    '--cs--',
    '--b',
    'Content-Type: application/http',
    '',
    'GET contacts?$top=1 HTTP/1.1',
    '',
    '',
    '--b--',
    '',
  );

describe('Dynamics emulator: $batch multipart parsing', () => {
  it('reads CRLF, LF and a mix of both into the same operations', () => {
    const lf = parseBatch(sample('\n'), 'b');
    expect(parseBatch(sample('\r\n'), 'b')).toEqual(lf);
    const mixed = sample('\n').replace('\n{"lastname":"A"}\n', '\r\n{"lastname":"A"}\r\n');
    expect(parseBatch(mixed, 'b')).toEqual(lf);
    expect(lf).toEqual([
      {
        kind: 'op',
        op: {
          method: 'PATCH',
          url: 'contacts(1)',
          headers: { 'content-type': 'application/json; type=entry' },
          body: '{"lastname":"A"}',
          contentId: '7',
        },
      },
      {
        kind: 'changeset',
        ops: [
          {
            method: 'POST',
            url: 'contacts',
            headers: { 'content-type': 'application/json' },
            body: '{"lastname":"B"}',
          },
        ],
      },
      { kind: 'op', op: { method: 'GET', url: 'contacts?$top=1', headers: {}, body: '' } },
    ]);
  });

  it('keeps a body that follows the request line without headers', () => {
    for (const eol of ['\n', '\r\n']) {
      const text = lines(
        eol,
        '--b',
        'Content-Type: application/http',
        '',
        'POST contacts HTTP/1.1',
        '',
        '{"a":1}',
        '--b--',
      );
      const [part] = parseBatch(text, 'b');
      expect(part).toEqual({
        kind: 'op',
        op: { method: 'POST', url: 'contacts', headers: {}, body: '{"a":1}' },
      });
    }
  });

  it('takes only whole lines as delimiters', () => {
    const text = lines(
      '\r\n',
      '--b',
      'Content-Type: application/http',
      '',
      'POST contacts HTTP/1.1',
      '--bb: a header line that starts like the delimiter',
      'X-Note: --b',
      '',
      '{"a":"--b"}',
      '--b---',
      '--b--',
    );
    const parts = parseBatch(text, 'b');
    expect(parts).toHaveLength(1);
    expect(parts[0]).toMatchObject({
      op: { headers: { '--bb': 'a header line that starts like the delimiter', 'x-note': '--b' } },
    });
    // The line "--b---" is not the closing delimiter: it stays in the body.
    expect(parts[0]).toMatchObject({ op: { body: '{"a":"--b"}\r\n--b---' } });
  });

  it('refuses a batch without its closing delimiter', () => {
    expect(() =>
      parseBatch(lines('\n', '--b', 'Content-Type: application/http', '', 'GET contacts HTTP/1.1', ''), 'b'),
    ).toThrow("The end of the batch boundary 'b' was not found.");
  });
});
