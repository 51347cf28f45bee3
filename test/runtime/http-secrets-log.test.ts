import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { SecretError } from '../../core/errors.ts';
import { createLogger } from '../../runtime/log.ts';
import { resolveSecret } from '../../runtime/secrets.ts';

const dir = mkdtempSync(join(tmpdir(), 'ferry-secrets-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('resolveSecret', () => {
  it('reads env vars', async () => {
    expect(await resolveSecret({ env: 'FERRY_T_SECRET' }, dir, { FERRY_T_SECRET: 's3cr3t-value' })).toBe(
      's3cr3t-value',
    );
  });

  it('reads files relative to the tenant dir without the trailing newline', async () => {
    writeFileSync(join(dir, 'dyn.secret'), 's3cr3t-file\n', { mode: 0o600 });
    expect(await resolveSecret({ file: 'dyn.secret' }, dir)).toBe('s3cr3t-file');
    writeFileSync(join(dir, 'crlf.secret'), 'abc\r\n', { mode: 0o600 });
    expect(await resolveSecret({ file: 'crlf.secret' }, dir)).toBe('abc');
  });

  it('trims surrounding whitespace of file secrets (tenant.schema.json says so)', async () => {
    writeFileSync(join(dir, 'padded.secret'), '  \t s3cr3t-padded \n\n', { mode: 0o600 });
    expect(await resolveSecret({ file: 'padded.secret' }, dir)).toBe('s3cr3t-padded');
    writeFileSync(join(dir, 'blank.secret'), ' \t\r\n  \n', { mode: 0o600 });
    const e = await resolveSecret({ file: 'blank.secret' }, dir).catch((err: unknown) => err);
    expect(e).toBeInstanceOf(SecretError);
    expect((e as SecretError).code).toBe('FERRY_SECRET_EMPTY');
    expect((e as Error).message).toBe('Secret file blank.secret is empty');
  });

  it('names the env var or file in errors but never a value', async () => {
    const e1 = await resolveSecret({ env: 'FERRY_T_MISSING' }, dir, { OTHER: 'leaky-value' }).catch(
      (e: unknown) => e,
    );
    expect(e1).toBeInstanceOf(SecretError);
    expect((e1 as Error).message).toContain('FERRY_T_MISSING');
    const e2 = await resolveSecret({ file: 'nope.secret' }, dir).catch((e: unknown) => e);
    expect(e2).toBeInstanceOf(SecretError);
    expect((e2 as SecretError).code).toBe('FERRY_SECRET_FILE');
    expect((e2 as Error).message).toContain('nope.secret');
    writeFileSync(join(dir, 'empty.secret'), '\n', { mode: 0o600 });
    const e3 = await resolveSecret({ file: 'empty.secret' }, dir).catch((e: unknown) => e);
    expect((e3 as SecretError).code).toBe('FERRY_SECRET_EMPTY');
  });
});

describe('logger', () => {
  const capture = (format: 'json' | 'pretty' | 'quiet') => {
    const out = new PassThrough();
    let text = '';
    out.on('data', (c: Buffer) => (text += c.toString()));
    return { log: createLogger({ format, destination: out, level: 'debug' }), text: () => text };
  };

  it('redacts authorization, secrets and tokens at any of the first levels', () => {
    const { log, text } = capture('json');
    log.info(
      {
        authorization: 'Bearer AAA',
        headers: { authorization: 'Bearer BBB', 'x-api-key': 'KKK' },
        req: { body: { client_secret: 'CCC' } },
        user: 'ann',
      },
      'call',
    );
    expect(text()).not.toMatch(/AAA|BBB|CCC|KKK/);
    expect(text()).toContain('[redacted]');
    expect(text()).toContain('ann');
  });

  it('pretty prints one line per entry; quiet drops info', () => {
    const p = capture('pretty');
    p.log.info({ flow: 'contacts', token: 'TTT' }, 'started');
    expect(p.text()).toMatch(/^\d\d:\d\d:\d\d INFO {2}started flow=contacts token=\[redacted\]\n$/);
    const q = capture('quiet');
    q.log.info('hidden');
    q.log.warn('shown');
    expect(q.text()).not.toContain('hidden');
    expect(q.text()).toContain('shown');
  });
});
