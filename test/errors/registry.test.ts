// The registry is the one table: every code documented, classes and flags that agree, and classify() decisions
// for the statuses both APIs answer with (500 and 413 decided once, in core/errors/wire.ts).
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import {
  AuthError,
  classify,
  ConfigError,
  DriftError,
  ERRORS,
  EXIT,
  exitCodeOf,
  FerryError,
  HttpError,
  RecordError,
  SecretError,
  StateError,
  TransformError,
} from '../../core/errors.ts';
import type { ErrorClassName, ErrorCode } from '../../core/errors.ts';
import { docLine, ERRORS_DOC, renderErrorsDoc } from '../../core/errors/docs.ts';

const CODES = Object.keys(ERRORS) as ErrorCode[];

// What each class means for the CLI and the engine; the registry must say the same per code.
const CLASS_RULES: Readonly<
  Record<ErrorClassName, { exit: keyof typeof EXIT; recordLevel: boolean | 'status' }>
> = {
  FerryError: { exit: 'failed', recordLevel: false },
  ConfigError: { exit: 'config', recordLevel: false },
  SecretError: { exit: 'config', recordLevel: false },
  DriftError: { exit: 'drift', recordLevel: false },
  HttpError: { exit: 'failed', recordLevel: false },
  AuthError: { exit: 'config', recordLevel: false },
  RecordError: { exit: 'failed', recordLevel: true },
  TransformError: { exit: 'failed', recordLevel: true },
  StateError: { exit: 'failed', recordLevel: false },
};

describe('error registry', () => {
  it('docs/errors.md is current (run `npm run docs:errors`)', async () => {
    expect(await readFile(ERRORS_DOC, 'utf8')).toBe(renderErrorsDoc());
  });

  it.each(CODES)('%s has its line in docs/errors.md', async (code) => {
    expect(await readFile(ERRORS_DOC, 'utf8')).toContain(docLine(code));
  });

  it.each(CODES)('%s: exit code and record-level flag agree with its class', (code) => {
    const spec = ERRORS[code];
    const rule = CLASS_RULES[spec.class];
    expect(spec.exit).toBe(rule.exit);
    if (spec.recordLevel !== 'status') expect(spec.recordLevel).toBe(rule.recordLevel);
    expect(spec.summary.length).toBeGreaterThan(10);
  });

  it('refuses an unknown code, and a code registered for another class, at compile time', () => {
    // @ts-expect-error not a registered code
    expect(new FerryError('FERRY_NOT_A_CODE', 'x').code).toBe('FERRY_NOT_A_CODE');
    // @ts-expect-error FERRY_DRIFT belongs to DriftError
    expect(new RecordError('FERRY_DRIFT', 'x')).toBeInstanceOf(RecordError);
  });
});

describe('classify(error)', () => {
  it.each([
    [new ConfigError('FERRY_BUNDLE_MISSING', 'x'), false, false, EXIT.config],
    [new SecretError('FERRY_SECRET_MISSING', 'x'), false, false, EXIT.config],
    [new AuthError('FERRY_AUTH_REJECTED', 'x', { status: 401 }), false, false, EXIT.config],
    [new DriftError('FERRY_DRIFT', 'x'), false, false, EXIT.drift],
    [new StateError('FERRY_STATE_FENCED', 'x'), false, false, EXIT.failed],
    [new RecordError('FERRY_DUPLICATE_KEY', 'x'), false, true, EXIT.failed],
    [new TransformError('FERRY_BAD_VALUE', 'x'), false, true, EXIT.failed],
    [new HttpError('FERRY_HTTP_STATUS', 'x', { status: 503 }), true, false, EXIT.failed],
    [new HttpError('FERRY_HTTP_STATUS', 'x', { status: 500 }), false, false, EXIT.failed],
    [new HttpError('FERRY_HTTP_STATUS', 'x', { status: 413 }), false, true, EXIT.failed],
    [new HttpError('FERRY_HTTP_STATUS', 'x', { status: 404 }), false, true, EXIT.failed],
    [new HttpError('FERRY_HTTP_STATUS', 'x', { status: 429 }), true, false, EXIT.failed],
    [new HttpError('FERRY_HTTP_NETWORK', 'x', { details: { code: 'ECONNRESET' } }), true, false, EXIT.failed],
    [
      new HttpError('FERRY_HTTP_NETWORK', 'x', { details: { code: 'ERR_INVALID_URL' } }),
      false,
      false,
      EXIT.failed,
    ],
    [new HttpError('FERRY_AUTH_IMS_UNAVAILABLE', 'x', { status: 502 }), true, false, EXIT.failed],
    [new Error('a bug'), false, false, EXIT.failed],
  ] as const)('%o → retryable %s, record-level %s, exit %i', (err, retryable, recordLevel, exit) => {
    expect(classify(err)).toMatchObject({ retryable, recordLevel });
    expect(exitCodeOf(err)).toBe(exit);
    if (err instanceof HttpError) expect(err.retryable).toBe(retryable);
  });
});

describe('classify(status) — decided once for both APIs', () => {
  const engineMessage = "Cannot update the 'age' property that is read-only";
  const oops = 'Oops. Something went wrong. Check your URI and try again.';

  it('500 is never resent; a Campaign engine message makes it the record’s problem', () => {
    expect(classify(500, { method: 'GET' })).toEqual({ transient: false, resend: false, recordLevel: false });
    expect(classify(500, { method: 'PATCH', service: 'campaign', message: engineMessage }).recordLevel).toBe(
      true,
    );
    expect(classify(500, { method: 'PATCH', service: 'campaign', message: oops }).recordLevel).toBe(false);
    expect(classify(500, { method: 'PATCH', service: 'campaign', message: '' }).recordLevel).toBe(false);
    expect(classify(500, { method: 'POST', service: 'dynamics', message: engineMessage }).recordLevel).toBe(
      false,
    );
  });

  it('413 on one record is that record’s problem, not transient', () => {
    for (const service of ['dynamics', 'campaign'] as const)
      expect(classify(413, { method: 'POST', service })).toEqual({
        transient: false,
        resend: false,
        recordLevel: true,
      });
  });

  it.each([
    // status, method, idempotent, resend, recordLevel
    [502, 'POST', undefined, false, false],
    [504, 'POST', undefined, false, false],
    [408, 'POST', undefined, false, false],
    [502, 'POST', true, true, false],
    [502, 'GET', undefined, true, false],
    [504, 'PATCH', undefined, true, false],
    [502, 'PATCH', false, false, false],
    [429, 'POST', undefined, true, false],
    [503, 'POST', undefined, true, false],
    [401, 'GET', undefined, false, false],
    [403, 'GET', undefined, false, false],
    [400, 'POST', undefined, false, true],
    [409, 'POST', undefined, false, true],
    [412, 'PATCH', undefined, false, true],
  ] as const)(
    '%i %s idempotent=%s → resend %s, record-level %s',
    (status, method, idempotent, resend, recordLevel) => {
      const verdict = classify(status, { method, ...(idempotent === undefined ? {} : { idempotent }) });
      expect(verdict).toMatchObject({ resend, recordLevel });
    },
  );
});
