// Entra ID client credentials through msal-node: one app per (authority, client), its token cache reused.
import { ConfidentialClientApplication } from '@azure/msal-node';
import type { Configuration } from '@azure/msal-node';
import type { DynamicsConnection } from '../../core/model/tenant.ts';
import { AuthError, HttpError, registerSecret } from '../../core/errors.ts';
import type { TokenSource } from '../http/auth-policy.ts';
import { homeOrigin } from '../http/origin.ts';

const apps = new Map<string, ConfidentialClientApplication>();

/** `https://org.crm.dynamics.com/` -> `https://org.crm.dynamics.com/.default` */
export const dynamicsScope = (envUrl: string): string => `${envUrl.replace(/\/+$/, '')}/.default`;

/**
 * msal settings for a connection. With `tokenUrl` (sandbox, sovereign clouds) msal gets the endpoint
 * metadata from configuration (recipe B) and posts straight to it, never calling the authority host.
 */
export function msalConfig(conn: DynamicsConnection, credential: MsalCredential): Configuration {
  const given = conn.authority?.replace(/\/+$/, '');
  // msal insists on an https authority; an http emulator is reached through tokenUrl instead.
  const authority = given?.startsWith('https://')
    ? given
    : `https://login.microsoftonline.com/${conn.tenantId}`;
  const auth: Configuration['auth'] = { clientId: conn.clientId, ...credential.auth, authority };
  if (conn.tokenUrl) {
    auth.knownAuthorities = [new URL(authority).host];
    auth.authorityMetadata = JSON.stringify({
      token_endpoint: conn.tokenUrl,
      issuer: `${authority}/v2.0`,
      authorization_endpoint: `${authority}/oauth2/v2.0/authorize`,
      jwks_uri: `${authority}/discovery/v2.0/keys`,
    });
  }
  return { auth };
}

export interface DynamicsTokenSource extends TokenSource {
  /** Token requests that reached the network (cache misses), for tests and reports. */
  readonly fetched: number;
}

/** What msal authenticates the app with, and a fingerprint of it that never contains the secret. */
export interface MsalCredential {
  readonly auth: Pick<Configuration['auth'], 'clientSecret' | 'clientCertificate' | 'clientAssertion'>;
  /** Part of the app cache key, so a rotated credential gets a new app (a hash, never the secret). */
  readonly fingerprint: string;
}

export function dynamicsTokenSource(
  conn: DynamicsConnection,
  credential: MsalCredential,
): DynamicsTokenSource {
  // The credential is posted to the token endpoint: https only (http on the loopback for the sandbox).
  if (conn.tokenUrl) homeOrigin(conn.tokenUrl, 'Entra token');
  const config = msalConfig(conn, credential);
  const key = `${config.auth.authority ?? ''}|${conn.clientId}|${conn.tokenUrl ?? ''}|${credential.fingerprint}`;
  let app = apps.get(key);
  if (!app) {
    app = new ConfidentialClientApplication(config);
    apps.set(key, app);
  }
  const cca = app;
  const scopes = [dynamicsScope(conn.url)];
  const tokenEndpoint = conn.tokenUrl ?? `${config.auth.authority ?? ''}/oauth2/v2.0/token`;
  let inflight: Promise<string> | null = null;
  let forcing: Promise<string> | null = null;
  let fetched = 0;
  const acquire = async (force: boolean): Promise<string> => {
    try {
      const r = await cca.acquireTokenByClientCredential({ scopes, skipCache: force });
      if (!r?.accessToken)
        throw new AuthError(
          'FERRY_AUTH_DYNAMICS',
          `Entra answered client ${conn.clientId} without an access token`,
        );
      if (!r.fromCache) fetched++;
      registerSecret(r.accessToken, 'token');
      return r.accessToken;
    } catch (err) {
      // Our own errors (an unreadable token file) pass through msal's callback unchanged.
      if (err instanceof AuthError) throw err;
      const code = (err as { errorCode?: string }).errorCode ?? 'error';
      const desc = (err as { errorMessage?: string }).errorMessage ?? (err as Error).message;
      // msal reports a request that got no HTTP answer as network_error: the endpoint, not the credentials.
      if (code === 'network_error')
        throw new HttpError(
          'FERRY_AUTH_NETWORK',
          `Entra token endpoint ${tokenEndpoint} could not be reached: ${desc.split('\n')[0] ?? ''}`,
          { cause: err, details: { code } },
        );
      throw new AuthError(
        'FERRY_AUTH_DYNAMICS',
        `Entra token for client ${conn.clientId} failed: ${code}: ${desc.split('\n')[0] ?? ''}`,
        {
          cause: err,
        },
      );
    }
  };
  return {
    get fetched() {
      return fetched;
    },
    // Single flight: concurrent callers share one token request.
    getToken(force = false) {
      // Many requests can see the same 401 at once: one forced refresh serves them all.
      if (force) {
        forcing ??= acquire(true).finally(() => (forcing = null));
        return forcing;
      }
      inflight ??= acquire(false).finally(() => (inflight = null));
      return inflight;
    },
  };
}

/** Forget cached apps (tests that restart the emulator with the same ids). */
export const clearMsalApps = (): void => apps.clear();
