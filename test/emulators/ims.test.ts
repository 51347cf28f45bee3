import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ManualClock } from '../../emulators/common/clock.ts';
import type { ImsEmulator } from '../../emulators/ims/server.ts';
import { CREDS, fetchToken, startIms } from './ims-fixture.ts';

let ims: ImsEmulator;
let clock: ManualClock;
beforeAll(async () => ({ ims, clock } = await startIms(undefined, 3600)));
afterAll(() => ims.close());

const post = (fields: Record<string, string>) =>
  fetch(ims.tokenUrl, {
    method: 'POST',
    body: new URLSearchParams(fields),
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  });
const full = {
  client_id: CREDS.clientId,
  client_secret: CREDS.clientSecret,
  grant_type: 'client_credentials',
  scope: CREDS.scope,
};

describe('IMS token endpoint', () => {
  it('issues a lower-case bearer token with the configured lifetime', async () => {
    const res = await post(full);
    expect(res.status).toBe(200);
    const body = (await res.json()) as Record<string, unknown>;
    expect(Object.keys(body).sort()).toEqual(['access_token', 'expires_in', 'token_type']);
    expect(body.token_type).toBe('bearer');
    expect(body.expires_in).toBe(3600);
    expect(ims.tokens.validate(body.access_token as string)).toBe(true);
  });

  it.each(['client_id', 'client_secret', 'grant_type', 'scope'])(
    'rejects a request without %s',
    async (field) => {
      const res = await post(Object.fromEntries(Object.entries(full).filter(([k]) => k !== field)));
      expect(res.status).toBe(400);
      expect(await res.json()).toEqual({
        error: 'invalid_request',
        error_description: `missing required parameter: ${field}`,
      });
    },
  );

  it('rejects a wrong secret with invalid_client and an unknown scope with invalid_scope', async () => {
    const bad = await post({ ...full, client_secret: 'nope' });
    expect(bad.status).toBe(401);
    expect(((await bad.json()) as { error: string }).error).toBe('invalid_client');
    const scope = await post({ ...full, scope: 'openid,admin' });
    expect(scope.status).toBe(400);
    expect(((await scope.json()) as { error: string }).error).toBe('invalid_scope');
    const grant = await post({ ...full, grant_type: 'password' });
    expect(grant.status).toBe(400);
  });

  it('expires tokens on the injected clock', async () => {
    const token = await fetchToken(ims);
    expect(ims.tokens.validate(token)).toBe(true);
    clock.advance(3600 * 1000);
    expect(ims.tokens.validate(token)).toBe(false);
  });
});

describe('IMS profile', () => {
  it('returns the organization for a valid token and 401 otherwise', async () => {
    const token = await fetchToken(ims);
    const res = await fetch(`${ims.url}/ims/profile/v1`, { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      projectedProductContext: { prodCtx: { organization_id: string } }[];
    };
    expect(body.projectedProductContext[0]?.prodCtx.organization_id).toBe(CREDS.org);
    const bad = await fetch(`${ims.url}/ims/profile/v1`, { headers: { authorization: 'Bearer x' } });
    expect(bad.status).toBe(401);
    expect(await bad.json()).toEqual({ error_code: '401013', message: 'Oauth token is not valid' });
  });
});
