// The tenant schema takes exactly one Dynamics credential, and key material only as a secret reference.
import { describe, expect, it } from 'vitest';
import { rawErrors } from '../../compiler/validate/ajv.ts';

const tenant = (dynamics: Record<string, unknown>) => ({
  version: 1,
  name: 'prod',
  dynamics: { url: 'https://contoso.crm.dynamics.com', tenantId: 't', clientId: 'c', ...dynamics },
  campaign: {
    url: 'https://mc.adobe.io/contoso/campaign',
    imsTokenUrl: 'https://ims-na1.adobelogin.com/ims/token/v3',
    clientId: 'x',
    apiKey: 'x',
    clientSecret: { env: 'S' },
    scopes: ['x'],
  },
  mappings: ['contacts'],
});
const ok = (d: Record<string, unknown>) => rawErrors('tenant', tenant(d)).length === 0;
const key = { privateKey: { file: 'certs/key.pem' } };

describe('tenant schema: Dynamics credentials', () => {
  it('accepts each credential alone', () => {
    expect(ok({ clientSecret: { env: 'S' } })).toBe(true);
    expect(ok({ certificate: { ...key, certificate: { file: 'certs/cert.pem' } } })).toBe(true);
    expect(ok({ certificate: { ...key, thumbprint: 'A'.repeat(40) } })).toBe(true);
    expect(ok({ certificate: { ...key, thumbprintSha256: 'b'.repeat(64) } })).toBe(true);
    expect(ok({ workloadIdentity: {} })).toBe(true);
    expect(
      ok({ workloadIdentity: { tokenFile: '/var/run/secrets/azure/tokens/azure-identity-token' } }),
    ).toBe(true);
    expect(ok({ managedIdentity: { clientId: 'u' } })).toBe(true);
  });

  it('refuses none, two, a literal key, a certificate without cert or thumbprint, a bad thumbprint', () => {
    expect(ok({})).toBe(false);
    expect(ok({ clientSecret: { env: 'S' }, managedIdentity: {} })).toBe(false);
    expect(
      ok({ certificate: { privateKey: '-----BEGIN PRIVATE KEY-----', thumbprint: 'A'.repeat(40) } }),
    ).toBe(false);
    expect(ok({ certificate: key })).toBe(false);
    expect(ok({ certificate: { ...key, thumbprint: 'xyz' } })).toBe(false);
  });
});
