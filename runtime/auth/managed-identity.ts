// Azure managed identity: the App Service / Functions identity endpoint when the platform sets
// IDENTITY_ENDPOINT and IDENTITY_HEADER, else the instance metadata service (VMs, AKS, Container Instances).
import type { DynamicsConnection, ManagedIdentityCredential } from '../../core/model/tenant.ts';
import { AuthError, HttpError, registerSecret } from '../../core/errors.ts';
import type { Clock } from '../http/clock.ts';
import { apiMessage } from '../http/errors.ts';
import type { Send } from '../http/types.ts';
import type { DynamicsTokenSource } from './dynamics.ts';
import { cachedTokens } from './token-cache.ts';

/** Fixed, link-local address of the Azure instance metadata service. */
export const IMDS_TOKEN_URL = 'http://169.254.169.254/metadata/identity/oauth2/token';

/** The GET request Microsoft documents for each endpoint (resource = the Dynamics environment root). */
export function managedIdentityRequest(
  resource: string,
  mi: ManagedIdentityCredential,
  env: NodeJS.ProcessEnv,
): { url: string; headers: Record<string, string> } {
  const endpoint = env['IDENTITY_ENDPOINT'];
  const header = env['IDENTITY_HEADER'];
  const q = new URLSearchParams({ resource });
  if (endpoint && header) {
    q.set('api-version', '2019-08-01');
    if (mi.clientId) q.set('client_id', mi.clientId);
    registerSecret(header);
    return { url: `${endpoint}?${q.toString()}`, headers: { 'x-identity-header': header } };
  }
  q.set('api-version', '2018-02-01');
  if (mi.clientId) q.set('client_id', mi.clientId);
  return { url: `${IMDS_TOKEN_URL}?${q.toString()}`, headers: { metadata: 'true' } };
}

export function managedIdentityTokenSource(
  conn: DynamicsConnection,
  mi: ManagedIdentityCredential,
  send: Send,
  env: NodeJS.ProcessEnv,
  clock: Clock,
): DynamicsTokenSource {
  const resource = conn.url.replace(/\/+$/, '');
  return cachedTokens(async () => {
    const { url, headers } = managedIdentityRequest(resource, mi, env);
    let res;
    try {
      res = await send({ method: 'GET', url, headers: { ...headers, accept: 'application/json' } });
    } catch (err) {
      // No answer at all: transient, like any unreachable token endpoint.
      throw new HttpError(
        'FERRY_AUTH_NETWORK',
        `Managed identity endpoint ${url} could not be reached: ${(err as Error).message}`,
        {
          cause: err,
        },
      );
    }
    if (res.status !== 200)
      throw new AuthError(
        'FERRY_AUTH_MANAGED_IDENTITY',
        `Managed identity token for ${resource} failed: HTTP ${res.status} ${apiMessage(res) ?? ''}`.trim(),
        { status: res.status },
      );
    const body = JSON.parse(res.body) as {
      access_token?: unknown;
      expires_on?: unknown;
      expires_in?: unknown;
    };
    if (typeof body.access_token !== 'string')
      throw new AuthError('FERRY_AUTH_MANAGED_IDENTITY', 'Managed identity response has no access_token');
    // Both endpoints send expires_on (epoch seconds, as a string); IMDS adds expires_in.
    const expiresAt =
      body.expires_on !== undefined
        ? Number(body.expires_on) * 1000
        : clock.now() + Number(body.expires_in ?? 0) * 1000;
    return { token: body.access_token, expiresAt };
  }, clock);
}
