// The Entra emulator checks client assertions like Entra: signature by a registered certificate, claims, time.
import { createHash, X509Certificate } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEntraEmulator, type EntraEmulator } from '../../emulators/entra/index.ts';
import { makeCert, signAssertion, type TestCert } from '../auth/certs.ts';

let entra: EntraEmulator;
let cert: TestCert;
let stranger: TestCert;
const clientId = '11111111-2222-3333-4444-555555555555';
const JWT_BEARER = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

beforeAll(async () => {
  [cert, stranger] = await Promise.all([makeCert('registered'), makeCert('stranger')]);
  entra = await startEntraEmulator({ clients: [{ clientId, certificates: [cert.certPem] }] });
});
afterAll(() => entra.close());

const post = async (assertion: string, type = JWT_BEARER) => {
  const r = await fetch(entra.tokenEndpoint(), {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      client_id: clientId,
      client_assertion_type: type,
      client_assertion: assertion,
      scope: 'https://contoso.crm.dynamics.com/.default',
      grant_type: 'client_credentials',
    }).toString(),
  });
  return { status: r.status, body: (await r.json()) as Record<string, unknown> };
};
const claims = (extra: Record<string, unknown> = {}) => ({
  iss: clientId,
  sub: clientId,
  aud: entra.tokenEndpoint(),
  ...extra,
});
const code = (b: Record<string, unknown>) => (b['error_codes'] as number[])[0];
const now = () => Math.floor(Date.now() / 1000);

describe('Entra emulator: client assertions', () => {
  it('issues a token for RS256 with x5t and PS256 with x5t#S256', async () => {
    expect((await post(signAssertion(cert, claims()))).status).toBe(200);
    const s256 = createHash('sha256').update(new X509Certificate(cert.certPem).raw).digest('base64url');
    const ps = signAssertion(cert, claims(), { alg: 'PS256', x5t: undefined, 'x5t#S256': s256 });
    expect((await post(ps)).status).toBe(200);
  });

  it('AADSTS700027 for an unregistered certificate and for a signature that does not verify', async () => {
    const unknown = await post(signAssertion(stranger, claims()));
    expect(unknown.status).toBe(401);
    expect(unknown.body['error']).toBe('invalid_client');
    expect(code(unknown.body)).toBe(700027);
    expect(String(unknown.body['error_description'])).toContain(
      `Thumbprint of key used by client: '${stranger.thumbprint}'`,
    );
    // Signed by the stranger's key but claiming the registered certificate's thumbprint.
    const raw = new X509Certificate(cert.certPem).raw;
    const forged = signAssertion(stranger, claims(), {
      x5t: createHash('sha1').update(raw).digest('base64url'),
    });
    const bad = await post(forged);
    expect(code(bad.body)).toBe(700027);
    expect(String(bad.body['error_description'])).toContain('did not match the expected signature value');
  });

  it('AADSTS700024 outside nbf/exp (5 minutes of skew), accepted inside it', async () => {
    const late = await post(signAssertion(cert, claims({ nbf: now() - 1200, exp: now() - 301 })));
    expect(code(late.body)).toBe(700024);
    expect(String(late.body['error_description'])).toMatch(
      /^AADSTS700024: Client assertion is not within its valid time range\. Current time: /,
    );
    expect(code((await post(signAssertion(cert, claims({ nbf: now() + 400 })))).body)).toBe(700024);
    expect((await post(signAssertion(cert, claims({ exp: now() - 60 })))).status).toBe(200);
  });

  it('AADSTS700021 when iss/sub is not the client, 700023 for another audience, 50027 without jti or type', async () => {
    expect(code((await post(signAssertion(cert, claims({ sub: 'someone' })))).body)).toBe(700021);
    expect(
      code((await post(signAssertion(cert, claims({ aud: 'https://login.microsoftonline.com/x' })))).body),
    ).toBe(700023);
    expect(code((await post(signAssertion(cert, claims({ jti: undefined })))).body)).toBe(50027);
    expect(code((await post('not.a.jwt')).body)).toBe(50027);
    expect(code((await post(signAssertion(cert, claims()), 'urn:other')).body)).toBe(50027);
  });
});
