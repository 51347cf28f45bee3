import { ConfidentialClientApplication } from '@azure/msal-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { offsetClock } from '../../emulators/common/clock.ts';
import { startDynamicsEmulator, type DynamicsEmulator } from '../../emulators/dynamics/index.ts';
import { startEntraEmulator, type EntraEmulator } from '../../emulators/entra/index.ts';
import { SANDBOX } from '../../emulators/sandbox-credentials.ts';
import { dynamicsMetadata } from './dynamics-fixture.ts';

const clock = offsetClock();
let entra: EntraEmulator;
let dyn: DynamicsEmulator;
const client = { clientId: SANDBOX.dynamicsClientId, clientSecret: SANDBOX.dynamicsClientSecret };
const tenant = SANDBOX.entraTenantId;

beforeAll(async () => {
  entra = await startEntraEmulator({ clock });
  dyn = await startDynamicsEmulator({ metadata: dynamicsMetadata, tokens: entra.tokens, clock });
});
afterAll(async () => {
  await dyn.close();
  await entra.close();
});

const form = (fields: Record<string, string>) =>
  fetch(entra.tokenEndpoint(), {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
  });
const good = () => ({
  client_id: client.clientId,
  client_secret: client.clientSecret,
  scope: `${dyn.url}/.default`,
  grant_type: 'client_credentials',
});

describe('Entra emulator: token endpoint', () => {
  it('issues a Bearer token, ignoring unknown form fields', async () => {
    const r = await form({
      ...good(),
      'x-client-SKU': 'msal.js.node',
      'x-client-VER': '7.2.3',
      'client-request-id': 'abc',
    });
    expect(r.status).toBe(200);
    const b = (await r.json()) as Record<string, unknown>;
    expect(Object.keys(b)).toEqual(['token_type', 'expires_in', 'ext_expires_in', 'access_token']);
    expect(b['token_type']).toBe('Bearer');
    expect(b['expires_in']).toBe(3599);
    expect(b['ext_expires_in']).toBe(3599);
    expect(typeof b['access_token']).toBe('string');
  });

  it('answers invalid_client AADSTS7000215 (401) for a wrong secret', async () => {
    const r = await form({ ...good(), client_secret: 'wrong' });
    expect(r.status).toBe(401);
    const b = (await r.json()) as Record<string, unknown>;
    expect(b['error']).toBe('invalid_client');
    expect(b['error_codes']).toEqual([7000215]);
    expect(String(b['error_description'])).toMatch(/^AADSTS7000215: Invalid client secret provided\./);
    expect(JSON.stringify(b)).not.toContain('wrong');
    expect(Object.keys(b)).toEqual(expect.arrayContaining(['timestamp', 'trace_id', 'correlation_id']));
  });

  it('answers unauthorized_client AADSTS700016 (400) for an unknown client', async () => {
    const r = await form({ ...good(), client_id: '00000000-0000-0000-0000-000000000000' });
    expect(r.status).toBe(400);
    const b = (await r.json()) as Record<string, unknown>;
    expect(b['error']).toBe('unauthorized_client');
    expect(String(b['error_description'])).toMatch(
      /^AADSTS700016: Application with identifier '00000000-0000-0000-0000-000000000000' was not found in the directory/,
    );
  });

  it('answers invalid_scope AADSTS70011 (400) for a missing or non-.default scope', async () => {
    for (const scope of ['', 'https://x.crm.dynamics.com/user_impersonation']) {
      const r = await form({ ...good(), scope });
      expect(r.status).toBe(400);
      const b = (await r.json()) as Record<string, unknown>;
      expect(b['error']).toBe('invalid_scope');
      expect(b['error_codes']).toEqual([70011]);
    }
  });

  it('serves openid-configuration and instance discovery', async () => {
    const oc = (await (
      await fetch(`${entra.url}/${tenant}/v2.0/.well-known/openid-configuration`)
    ).json()) as Record<string, unknown>;
    expect(oc['token_endpoint']).toBe(entra.tokenEndpoint());
    expect(oc['issuer']).toBe(`https://login.microsoftonline.com/${tenant}/v2.0`);
    const di = (await (
      await fetch(
        `${entra.url}/common/discovery/instance?api-version=1.1&authorization_endpoint=https://login.microsoftonline.com/${tenant}/oauth2/v2.0/authorize`,
      )
    ).json()) as Record<string, unknown>;
    expect(di['tenant_discovery_endpoint']).toBe(
      `${entra.url}/${tenant}/v2.0/.well-known/openid-configuration`,
    );
  });
});

describe('Entra emulator with msal-node (recipe B, configuration only)', () => {
  it('acquires a token that the Dynamics emulator accepts, then serves it from cache', async () => {
    const cca = new ConfidentialClientApplication({ auth: entra.msalAuth(client) });
    const before = entra.counters['issued'] ?? 0;
    const r = await cca.acquireTokenByClientCredential({ scopes: [`${dyn.url}/.default`] });
    expect(r?.accessToken).toBeTruthy();
    expect(r?.fromCache).toBe(false);
    expect(entra.counters['issued']).toBe(before + 1);
    const api = await fetch(`${dyn.apiUrl}contacts?$top=1`, {
      headers: { Authorization: `Bearer ${r?.accessToken ?? ''}` },
    });
    expect(api.status).toBe(200);
    const again = await cca.acquireTokenByClientCredential({ scopes: [`${dyn.url}/.default`] });
    expect(again?.fromCache).toBe(true);
    expect(entra.counters['issued']).toBe(before + 1);
  });

  it('surfaces a wrong secret as an msal error carrying the AADSTS code', async () => {
    const cca = new ConfidentialClientApplication({
      auth: entra.msalAuth({ ...client, clientSecret: 'nope' }),
    });
    await expect(
      cca.acquireTokenByClientCredential({ scopes: [`${dyn.url}/.default`] }),
    ).rejects.toMatchObject({ errorCode: 'invalid_client' });
  });

  it('lets a short-lived token expire mid-run: the Web API then answers 401', async () => {
    entra.setTokenLifetime(60);
    try {
      const r = await form(good());
      const { access_token: token } = (await r.json()) as { access_token: string };
      expect(
        (await fetch(`${dyn.apiUrl}contacts?$top=1`, { headers: { Authorization: `Bearer ${token}` } }))
          .status,
      ).toBe(200);
      clock.advance(61_000);
      const after = await fetch(`${dyn.apiUrl}contacts?$top=1`, {
        headers: { Authorization: `Bearer ${token}` },
      });
      expect(after.status).toBe(401);
      expect(after.headers.get('www-authenticate')).toContain(
        `authorization_uri=https://login.microsoftonline.com/${tenant}/oauth2/authorize`,
      );
    } finally {
      entra.setTokenLifetime(3599);
    }
  });
});
