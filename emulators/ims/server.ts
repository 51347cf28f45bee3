// Adobe IMS emulator: OAuth server-to-server token endpoint and the profile (identity check) endpoint.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Clock } from '../common/clock.ts';
import { systemClock } from '../common/clock.ts';
import { readText } from '../common/body.ts';
import { parseForm, sendJson } from '../common/respond.ts';
import { startHttpServer } from '../common/server.ts';
import { ImsTokens } from './tokens.ts';

export interface ImsEmulatorOptions {
  readonly port?: number;
  readonly clock?: Clock;
  readonly seed?: number;
  readonly clientId: string;
  readonly clientSecret: string;
  /** Organization reported by /ims/profile/v1 (the `<ORG>` of the Campaign URL). */
  readonly org: string;
  /** Scopes the credential holds; a request for another scope is refused. Omit to accept any non-empty scope. */
  readonly scopes?: readonly string[];
  /** `expires_in` of issued tokens (real IMS: 86399). */
  readonly tokenLifetimeSeconds?: number;
  /** Share a registry with Campaign/journal emulators; created when omitted. */
  readonly tokens?: ImsTokens;
}

export interface ImsEmulator {
  readonly url: string;
  readonly port: number;
  /** `<url>/ims/token/v3`. */
  readonly tokenUrl: string;
  readonly tokens: ImsTokens;
  readonly counters: { tokenRequests: number; profileRequests: number };
  close(): Promise<void>;
}

const REQUIRED = ['client_id', 'client_secret', 'grant_type', 'scope'] as const;

// Error bodies of the IMS token endpoint are unverified (reference "Unverified: IMS details"):
// we answer OAuth 2.0 (RFC 6749 §5.2) shapes, 400 for bad requests and 401 for bad client credentials.
function oauthError(res: ServerResponse, status: number, error: string, description: string): void {
  sendJson(res, status, { error, error_description: description });
}

export async function startImsEmulator(opts: ImsEmulatorOptions): Promise<ImsEmulator> {
  const tokens = opts.tokens ?? new ImsTokens(opts.clock ?? systemClock, opts.seed ?? 1);
  const lifetime = opts.tokenLifetimeSeconds ?? 86399;
  const counters = { tokenRequests: 0, profileRequests: 0 };

  const token = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    counters.tokenRequests++;
    const form = parseForm(await readText(req, 64 * 1024));
    for (const name of REQUIRED) {
      if (!form.get(name))
        return oauthError(res, 400, 'invalid_request', `missing required parameter: ${name}`);
    }
    if (form.get('grant_type') !== 'client_credentials')
      return oauthError(res, 400, 'unsupported_grant_type', 'grant_type must be client_credentials');
    if (form.get('client_id') !== opts.clientId || form.get('client_secret') !== opts.clientSecret) {
      return oauthError(res, 401, 'invalid_client', 'invalid client_id or client_secret');
    }
    const requested = (form.get('scope') ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s !== '');
    const unknown = opts.scopes ? requested.filter((s) => !opts.scopes?.includes(s)) : [];
    if (requested.length === 0 || unknown.length > 0)
      return oauthError(res, 400, 'invalid_scope', `invalid scope: ${unknown.join(',')}`);
    const issued = tokens.issue(opts.clientId, lifetime);
    sendJson(res, 200, { access_token: issued.token, token_type: 'bearer', expires_in: lifetime });
  };

  const profile = (req: IncomingMessage, res: ServerResponse): void => {
    counters.profileRequests++;
    // Same auth error as the Campaign gateway (reference §6); the IMS-side body is unverified.
    if (!tokens.validate(ImsTokens.bearer(req.headers.authorization))) {
      return sendJson(res, 401, { error_code: '401013', message: 'Oauth token is not valid' });
    }
    sendJson(res, 200, {
      projectedProductContext: [
        {
          prodCtx: {
            statusCode: 'ACTIVE',
            organization_id: opts.org,
            owningEntity: `${opts.org.toUpperCase()}@AdobeOrg`,
            serviceCode: 'dma_tartan',
            label: 'Adobe Marketing Cloud',
            serviceLevel: 'standard',
          },
        },
      ],
    });
  };

  const server = await startHttpServer(
    async (req, res) => {
      const path = new URL(req.url ?? '/', 'http://x').pathname;
      if (req.method === 'POST' && path === '/ims/token/v3') return token(req, res);
      if (req.method === 'GET' && path === '/ims/profile/v1') return profile(req, res);
      sendJson(res, 404, { error: 'not_found', error_description: `no route ${req.method ?? ''} ${path}` });
    },
    opts.port === undefined ? {} : { port: opts.port },
  );

  return {
    url: server.url,
    port: server.port,
    tokenUrl: `${server.url}/ims/token/v3`,
    tokens,
    counters,
    close: () => server.close(),
  };
}
