// A token endpoint that cannot be reached is transient (exit 1, systemd restarts), not a configuration error.
import net from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { classify, exitCodeOf, EXIT, FerryError } from '../../core/errors.ts';
import type { CampaignConnection, DynamicsConnection } from '../../core/model/tenant.ts';
import { clearMsalApps, dynamicsTokenSource } from '../../runtime/auth/dynamics.ts';
import { imsTokenSource } from '../../runtime/auth/ims.ts';
import { createTransport } from '../../runtime/http/transport.ts';

/** A port that was bound and closed again: connecting to it is refused. */
async function closedPort(): Promise<number> {
  const srv = net.createServer();
  await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
  const { port } = srv.address() as net.AddressInfo;
  await new Promise<void>((resolve, reject) => srv.close((e) => (e ? reject(e) : resolve())));
  return port;
}

const transport = createTransport();
afterAll(async () => {
  clearMsalApps();
  await transport.close();
});

async function failure(p: Promise<unknown>): Promise<FerryError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(FerryError);
  return err as FerryError;
}

describe('token endpoint on a closed port', () => {
  it('Entra: FERRY_AUTH_NETWORK, retryable, exit 1 (not 3), message names the URL', async () => {
    const tokenUrl = `http://127.0.0.1:${await closedPort()}/tenant/oauth2/v2.0/token`;
    const conn = {
      url: 'http://127.0.0.1:9/',
      tenantId: '00000000-0000-0000-0000-000000000001',
      clientId: 'client-unreachable',
      tokenUrl,
    } as DynamicsConnection;
    const err = await failure(
      dynamicsTokenSource(conn, {
        auth: { clientSecret: 'secret-unreachable' },
        fingerprint: 's:unreachable',
      }).getToken(),
    );
    expect(err.code).toBe('FERRY_AUTH_NETWORK');
    expect(classify(err)).toMatchObject({ retryable: true, recordLevel: false, exit: 'failed' });
    expect(exitCodeOf(err)).toBe(EXIT.failed);
    expect(exitCodeOf(err)).not.toBe(EXIT.config);
    expect(err.message).toContain(tokenUrl);
  });

  it('IMS: FERRY_AUTH_NETWORK, retryable, exit 1, says the connection was refused', async () => {
    const imsTokenUrl = `http://127.0.0.1:${await closedPort()}/ims/token/v3`;
    const conn = { imsTokenUrl, clientId: 'c', scopes: ['openid'] } as unknown as CampaignConnection;
    const err = await failure(imsTokenSource(conn, 'secret-ims-unreachable', transport.send).getToken());
    expect(err.code).toBe('FERRY_AUTH_NETWORK');
    expect(classify(err)).toMatchObject({ retryable: true, exit: 'failed' });
    expect(exitCodeOf(err)).toBe(EXIT.failed);
    expect(err.message).toContain(imsTokenUrl);
    expect(err.message).toContain('connection refused');
  });
});
