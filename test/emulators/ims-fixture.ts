// Shared test fixture: an IMS emulator plus a helper to fetch a bearer token from it.
import { manualClock } from '../../emulators/common/clock.ts';
import type { ManualClock } from '../../emulators/common/clock.ts';
import { startImsEmulator } from '../../emulators/ims/server.ts';
import type { ImsEmulator } from '../../emulators/ims/server.ts';

export const CREDS = {
  clientId: 'test-client',
  clientSecret: 'test-secret',
  org: 'acme',
  scope: 'openid,AdobeID,campaign_sdk',
};

export async function startIms(
  clock: ManualClock = manualClock(Date.UTC(2026, 0, 1)),
  lifetime?: number,
): Promise<{ ims: ImsEmulator; clock: ManualClock }> {
  const ims = await startImsEmulator({
    clientId: CREDS.clientId,
    clientSecret: CREDS.clientSecret,
    org: CREDS.org,
    clock,
    scopes: CREDS.scope.split(','),
    ...(lifetime === undefined ? {} : { tokenLifetimeSeconds: lifetime }),
  });
  return { ims, clock };
}

export async function fetchToken(ims: ImsEmulator): Promise<string> {
  const body = new URLSearchParams({
    client_id: CREDS.clientId,
    client_secret: CREDS.clientSecret,
    grant_type: 'client_credentials',
    scope: CREDS.scope,
  });
  const res = await fetch(ims.tokenUrl, {
    method: 'POST',
    body,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  });
  const json = (await res.json()) as { access_token: string };
  return json.access_token;
}
