// Certificate and workload identity credentials against the Entra emulator: tokens issued, clear errors.
import { X509Certificate } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { FerryError } from '../../core/errors.ts';
import { AuthError } from '../../core/errors.ts';
import type { DynamicsConnection } from '../../core/model/tenant.ts';
import { startEntraEmulator, type EntraEmulator } from '../../emulators/entra/index.ts';
import { SANDBOX } from '../../emulators/sandbox-credentials.ts';
import { dynamicsCredential } from '../../runtime/auth/credential.ts';
import { clearMsalApps } from '../../runtime/auth/dynamics.ts';
import type { Send } from '../../runtime/http/types.ts';
import { makeCert, signAssertion, type TestCert } from './certs.ts';

let entra: EntraEmulator;
let good: TestCert;
let other: TestCert;
let expired: TestCert;
const clientId = SANDBOX.dynamicsClientId;
const noSend: Send = () => Promise.reject(new Error('no HTTP expected'));

beforeAll(async () => {
  [good, other, expired] = await Promise.all([
    makeCert('good'),
    makeCert('other'),
    makeCert('old', { expired: true }),
  ]);
  entra = await startEntraEmulator({
    clients: [{ clientId, certificates: [good.certPem, expired.certPem] }],
  });
});
afterAll(() => entra.close());
beforeEach(() => clearMsalApps());

const conn = (cred: Partial<DynamicsConnection>): DynamicsConnection => ({
  url: 'https://contoso.crm.dynamics.com',
  tenantId: SANDBOX.entraTenantId,
  clientId,
  tokenUrl: entra.tokenEndpoint(),
  ...cred,
});
const token = async (cred: Partial<DynamicsConnection>, env: NodeJS.ProcessEnv = {}) =>
  (await dynamicsCredential(conn(cred), { tenantDir: '.', env, send: noSend })).getToken();
const failure = async (p: Promise<unknown>): Promise<FerryError> => {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AuthError);
  return err as FerryError;
};
const pems = (c: TestCert) => [c.keyPem.trim(), ...c.keyPem.split('\n').slice(1, 3)];

describe('certificate credentials', () => {
  it('key + certificate PEM files: msal signs an assertion the emulator accepts', async () => {
    const before = entra.counters['issued'] ?? 0;
    const t = await token({
      certificate: { privateKey: { file: good.keyPath }, certificate: { file: good.certPath } },
    });
    expect(entra.tokens.check(t).ok).toBe(true);
    expect(entra.counters['issued']).toBe(before + 1);
  });

  it('key from the environment + SHA-1 or SHA-256 thumbprint works too', async () => {
    const t = await token(
      { certificate: { privateKey: { env: 'K' }, thumbprint: good.thumbprint.toLowerCase() } },
      { K: good.keyPem },
    );
    expect(entra.tokens.check(t).ok).toBe(true);
    clearMsalApps();
    const sha256 = new X509Certificate(good.certPem).fingerprint256.replaceAll(':', '').toLowerCase();
    const t2 = await token(
      { certificate: { privateKey: { env: 'K' }, thumbprintSha256: sha256 } },
      { K: good.keyPem },
    );
    expect(entra.tokens.check(t2).ok).toBe(true);
  });

  it('a certificate not uploaded to the app: FERRY_AUTH_DYNAMICS with AADSTS700027, no key material', async () => {
    const err = await failure(
      token({ certificate: { privateKey: { file: other.keyPath }, certificate: { file: other.certPath } } }),
    );
    expect(err.code).toBe('FERRY_AUTH_DYNAMICS');
    expect(err.message).toMatch(
      /AADSTS700027: Client assertion contains an invalid signature\. \[Reason - The key was not found\./,
    );
    for (const s of pems(other)) expect(err.message).not.toContain(s);
  });

  it('an expired certificate is refused before any request, naming its end date', async () => {
    const before = { ...entra.counters };
    const err = await failure(
      token({
        certificate: { privateKey: { file: expired.keyPath }, certificate: { file: expired.certPath } },
      }),
    );
    expect(err.code).toBe('FERRY_AUTH_CERTIFICATE');
    expect(err.message).toMatch(/expired on Jan {2}2 00:00:00 2020 GMT/);
    expect(entra.counters).toEqual(before);
  });

  it('an expired certificate given by thumbprint only: Entra answers "The key used is expired"', async () => {
    const err = await failure(
      token({ certificate: { privateKey: { file: expired.keyPath }, thumbprint: expired.thumbprint } }),
    );
    expect(err.code).toBe('FERRY_AUTH_DYNAMICS');
    expect(err.message).toContain('AADSTS700027');
    expect(err.message).toContain('The key used is expired');
    for (const s of pems(expired)) expect(err.message).not.toContain(s);
  });

  it("a key that is not the certificate's, or not a key at all: FERRY_AUTH_CERTIFICATE", async () => {
    const mismatch = await failure(
      token({ certificate: { privateKey: { file: other.keyPath }, certificate: { file: good.certPath } } }),
    );
    expect(mismatch.code).toBe('FERRY_AUTH_CERTIFICATE');
    expect(mismatch.message).toContain('does not belong');
    const garbage = await failure(
      token({ certificate: { privateKey: { env: 'K' }, thumbprint: good.thumbprint } }, { K: 'not a key' }),
    );
    expect(garbage.code).toBe('FERRY_AUTH_CERTIFICATE');
    expect(garbage.message).not.toContain('not a key');
  });
});

describe('workload identity', () => {
  it('sends the token file as the client assertion, re-reading it on each request', async () => {
    const file = `${good.keyPath}.token`;
    const aud = entra.tokenEndpoint();
    await writeFile(file, `${signAssertion(good, { iss: clientId, sub: clientId, aud })}\n`);
    const src = await dynamicsCredential(conn({ workloadIdentity: {} }), {
      tenantDir: '.',
      env: { AZURE_FEDERATED_TOKEN_FILE: file },
      send: noSend,
    });
    expect(entra.tokens.check(await src.getToken()).ok).toBe(true);
    // A rotated file is read again: an assertion for another audience is now refused.
    await writeFile(
      file,
      signAssertion(good, { iss: clientId, sub: clientId, aud: 'https://elsewhere/token' }),
    );
    const err = await failure(src.getToken(true));
    expect(err.code).toBe('FERRY_AUTH_DYNAMICS');
    expect(err.message).toContain('AADSTS700023');
  });

  it('no token file configured or readable: FERRY_AUTH_TOKEN_FILE', async () => {
    const unset = await failure(token({ workloadIdentity: {} }));
    expect(unset.code).toBe('FERRY_AUTH_TOKEN_FILE');
    const missing = await failure(token({ workloadIdentity: { tokenFile: '/nonexistent/ferry-token' } }));
    expect(missing.code).toBe('FERRY_AUTH_TOKEN_FILE');
    expect(missing.message).toContain('ENOENT');
  });
});
