// Managed identity against a local fake of the App Service identity endpoint (the emulators have none).
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuthError, EXIT, exitCodeOf, FerryError } from '../../core/errors.ts';
import type { DynamicsConnection } from '../../core/model/tenant.ts';
import { dynamicsCredential } from '../../runtime/auth/credential.ts';
import { IMDS_TOKEN_URL, managedIdentityRequest } from '../../runtime/auth/managed-identity.ts';
import { createTransport, type Transport } from '../../runtime/http/transport.ts';

let server: Server;
let endpoint: string;
let transport: Transport;
const seen: IncomingMessage[] = [];
let answer: { status: number; body: unknown } = { status: 200, body: {} };

beforeAll(async () => {
  server = createServer((req, res) => {
    seen.push(req);
    res.writeHead(answer.status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(answer.body));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}/msi/token`;
  transport = createTransport();
});
afterAll(async () => {
  await transport.close();
  await new Promise((r) => server.close(r));
});

const conn: DynamicsConnection = {
  url: 'https://contoso.crm.dynamics.com/',
  tenantId: 't',
  clientId: 'c',
  managedIdentity: { clientId: 'user-assigned-id' },
};
const env = () => ({ IDENTITY_ENDPOINT: endpoint, IDENTITY_HEADER: 'hdr-secret' });

describe('managed identity', () => {
  it('an endpoint that does not answer is transient (FERRY_AUTH_NETWORK, exit 1), not a configuration error', async () => {
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((r) => closed.close(r));
    const src = await dynamicsCredential(conn, {
      tenantDir: '.',
      env: { IDENTITY_ENDPOINT: `http://127.0.0.1:${port}/msi/token`, IDENTITY_HEADER: 'hdr-secret' },
      send: transport.send,
    });
    const err = await src.getToken().then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(FerryError);
    expect((err as FerryError).code).toBe('FERRY_AUTH_NETWORK');
    expect(exitCodeOf(err as FerryError)).toBe(EXIT.failed);
  });

  it('asks the App Service endpoint as documented and caches the token until near expires_on', async () => {
    const expiresOn = Math.floor(Date.now() / 1000) + 3600;
    answer = {
      status: 200,
      body: { access_token: 'mi-token', expires_on: String(expiresOn), resource: 'x', token_type: 'Bearer' },
    };
    const src = await dynamicsCredential(conn, { tenantDir: '.', env: env(), send: transport.send });
    expect(await src.getToken()).toBe('mi-token');
    expect(await src.getToken()).toBe('mi-token');
    expect(src.fetched).toBe(1);
    const req = seen.at(-1);
    const u = new URL(req?.url ?? '', 'http://x');
    expect(u.pathname).toBe('/msi/token');
    expect(Object.fromEntries(u.searchParams)).toEqual({
      resource: 'https://contoso.crm.dynamics.com',
      'api-version': '2019-08-01',
      client_id: 'user-assigned-id',
    });
    expect(req?.headers['x-identity-header']).toBe('hdr-secret');
    expect(req?.method).toBe('GET');
  });

  it("a refusal becomes FERRY_AUTH_MANAGED_IDENTITY with the endpoint's message", async () => {
    answer = { status: 400, body: { error: 'invalid_request', error_description: 'Identity not found' } };
    const src = await dynamicsCredential(conn, { tenantDir: '.', env: env(), send: transport.send });
    const err = await src.getToken().then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(AuthError);
    expect((err as AuthError).code).toBe('FERRY_AUTH_MANAGED_IDENTITY');
    expect((err as AuthError).message).toContain('HTTP 400 Identity not found');
    expect((err as AuthError).retryable).toBe(false);
  });

  it('without IDENTITY_ENDPOINT it asks the instance metadata service with Metadata: true', () => {
    const r = managedIdentityRequest('https://contoso.crm.dynamics.com', {}, {});
    expect(r.url).toBe(
      `${IMDS_TOKEN_URL}?resource=https%3A%2F%2Fcontoso.crm.dynamics.com&api-version=2018-02-01`,
    );
    expect(r.headers).toEqual({ metadata: 'true' });
  });
});
