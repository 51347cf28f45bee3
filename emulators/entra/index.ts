// Entra ID (v2 token endpoint) emulator: client-credentials grant, OIDC metadata and instance discovery.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { readText } from '../common/body.ts';
import { systemClock, type Clock } from '../common/clock.ts';
import { FaultInjector, runWithFault, type FaultRule } from '../common/faults.ts';
import { parseForm, sendJson } from '../common/respond.ts';
import { startHttpServer } from '../common/server.ts';
import { SANDBOX } from '../sandbox-credentials.ts';
import { checkAssertion, JWT_BEARER, registerCertificate } from './assertion.ts';
import { AAD } from './errors.ts';
import { TokenRegistry } from './tokens.ts';

export { TokenRegistry } from './tokens.ts';
export type { TokenInfo, TokenCheck, TokenValidator } from './tokens.ts';

export interface EntraClient {
  readonly clientId: string;
  /** The app's client secret; absent for an app with certificate credentials only. */
  readonly clientSecret?: string;
  /** PEM certificates uploaded to the app: client assertions signed by their keys are accepted. */
  readonly certificates?: readonly string[];
}

export interface EntraEmulatorOptions {
  readonly port?: number;
  /** Tenant ids served (default: the sandbox tenant). */
  readonly tenants?: readonly string[];
  /** Registered confidential clients (default: the sandbox Dynamics client). */
  readonly clients?: readonly EntraClient[];
  /** `expires_in` of issued tokens in seconds (default 3599). */
  readonly tokenLifetimeSeconds?: number;
  readonly clock?: Clock;
  /** Share a registry with resource emulators; created when omitted. */
  readonly tokens?: TokenRegistry;
  readonly faults?: { readonly seed?: number | string; readonly rules?: readonly FaultRule[] };
  /** Host used in issuer/authority URLs (msal needs an https authority; default login.microsoftonline.com). */
  readonly authorityHost?: string;
}

export interface EntraEmulator {
  readonly url: string;
  readonly port: number;
  readonly tokens: TokenRegistry;
  readonly faults: FaultInjector;
  /** Token requests answered, by outcome (`issued` or the OAuth error name). */
  readonly counters: Record<string, number>;
  /** Token endpoint URL for a tenant. */
  tokenEndpoint(tenantId?: string): string;
  /** The openid-configuration JSON (as msal's `authorityMetadata` string) pointing at this emulator. */
  authorityMetadata(tenantId?: string): string;
  /** msal-node `auth` settings for recipe B (§1.4): https authority, knownAuthorities, authorityMetadata. */
  msalAuth(
    client: EntraClient & { readonly clientSecret: string },
    tenantId?: string,
  ): {
    clientId: string;
    clientSecret: string;
    authority: string;
    knownAuthorities: string[];
    authorityMetadata: string;
  };
  setTokenLifetime(seconds: number): void;
  close(): Promise<void>;
}

export async function startEntraEmulator(opts: EntraEmulatorOptions = {}): Promise<EntraEmulator> {
  const clock = opts.clock ?? systemClock;
  const tokens = opts.tokens ?? new TokenRegistry(clock);
  const tenants = new Set(opts.tenants ?? [SANDBOX.entraTenantId]);
  const clients = new Map(
    (
      opts.clients ?? [{ clientId: SANDBOX.dynamicsClientId, clientSecret: SANDBOX.dynamicsClientSecret }]
    ).map((c) => [c.clientId, { ...c, keys: (c.certificates ?? []).map(registerCertificate) }]),
  );
  const host = opts.authorityHost ?? 'login.microsoftonline.com';
  const faults = new FaultInjector(opts.faults ?? {});
  const counters: Record<string, number> = {};
  let lifetime = opts.tokenLifetimeSeconds ?? 3599;
  let baseUrl = '';
  const firstTenant = [...tenants][0] ?? SANDBOX.entraTenantId;

  const oidc = (tenant: string) => ({
    token_endpoint: `${baseUrl}/${tenant}/oauth2/v2.0/token`,
    token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
    jwks_uri: `${baseUrl}/${tenant}/discovery/v2.0/keys`,
    response_modes_supported: ['query', 'fragment', 'form_post'],
    subject_types_supported: ['pairwise'],
    id_token_signing_alg_values_supported: ['RS256'],
    response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
    scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
    issuer: `https://${host}/${tenant}/v2.0`,
    authorization_endpoint: `https://${host}/${tenant}/oauth2/v2.0/authorize`,
    tenant_region_scope: 'EU',
    cloud_instance_name: 'microsoftonline.com',
  });

  const count = (k: string) => {
    counters[k] = (counters[k] ?? 0) + 1;
  };

  async function token(req: IncomingMessage, res: ServerResponse, tenant: string): Promise<void> {
    const form = parseForm(await readText(req, 1024 * 1024));
    const now = new Date(clock.now());
    const fail = (e: { status: number; body: Record<string, unknown> }) => {
      count(String(e.body['error']));
      sendJson(res, e.status, e.body, { 'Cache-Control': 'no-store, no-cache', Pragma: 'no-cache' });
    };
    if (!tenants.has(tenant)) return fail(AAD.unknownTenant(tenant, now));
    const grant = form.get('grant_type') ?? '';
    if (grant !== 'client_credentials') return fail(AAD.unsupportedGrant(grant, now));
    const clientId = form.get('client_id');
    if (!clientId) return fail(AAD.missingClientId(now));
    const client = clients.get(clientId);
    if (!client) return fail(AAD.unknownClient(clientId, tenant, now));
    const assertion = form.get('client_assertion');
    const secret = form.get('client_secret');
    if (assertion !== undefined) {
      const type = form.get('client_assertion_type') ?? '';
      if (type !== JWT_BEARER) return fail(AAD.assertionType(type, now));
      const audience = `${baseUrl}/${tenant}/oauth2/v2.0/token`;
      const bad = checkAssertion({ assertion, clientId, audience, certificates: client.keys, now });
      if (bad) return fail(bad);
    } else {
      if (secret === undefined) return fail(AAD.missingSecret(now));
      if (client.clientSecret === undefined || secret !== client.clientSecret)
        return fail(AAD.invalidSecret(clientId, now));
    }
    const scope = form.get('scope');
    if (!scope) return fail(AAD.missingScope(now));
    // Client credentials accept exactly one `<resource>/.default` scope (msal drops openid/profile/offline_access).
    const scopes = scope
      .split(' ')
      .filter((s) => s !== '' && !['openid', 'profile', 'offline_access'].includes(s));
    const only = scopes[0];
    if (scopes.length !== 1 || only === undefined || !/^https?:\/\/[^/]+.*\/\.default$/.test(only))
      return fail(AAD.invalidScope(scope, now));
    const audience = only.slice(0, -'/.default'.length).replace(/\/$/, '');
    const issued = tokens.issue({ subject: clientId, tenantId: tenant, audience }, lifetime);
    count('issued');
    sendJson(
      res,
      200,
      { token_type: 'Bearer', expires_in: lifetime, ext_expires_in: lifetime, access_token: issued.token },
      { 'Cache-Control': 'no-store, no-cache', Pragma: 'no-cache' },
    );
  }

  const started = await startHttpServer(
    async (req, res) => {
      const u = new URL(req.url ?? '/', 'http://localhost');
      const decision = faults.decide(req.method ?? 'GET', u.pathname);
      await runWithFault(decision, req, res, () => route(req, res, u), {
        serverError: (r, status) =>
          sendJson(r, status, {
            error: 'temporarily_unavailable',
            error_description: 'AADSTS50001: The service is temporarily unavailable.',
            error_codes: [50001],
          }),
        throttled: (r, s) =>
          sendJson(
            r,
            429,
            {
              error: 'temporarily_unavailable',
              error_description:
                'AADSTS50196: The server terminated an operation because it encountered a client request loop.',
              error_codes: [50196],
            },
            { 'Retry-After': String(s) },
          ),
      });
    },
    opts.port === undefined ? {} : { port: opts.port },
  );
  baseUrl = started.url;

  async function route(req: IncomingMessage, res: ServerResponse, u: URL): Promise<void> {
    const parts = u.pathname.split('/').filter(Boolean);
    const tenant = parts[0] ?? '';
    const rest = parts.slice(1).join('/');
    if (req.method === 'POST' && rest === 'oauth2/v2.0/token') return token(req, res, tenant);
    if (req.method === 'GET' && rest === 'v2.0/.well-known/openid-configuration') {
      if (!tenants.has(tenant))
        return sendJson(res, 400, AAD.unknownTenant(tenant, new Date(clock.now())).body);
      return sendJson(res, 200, oidc(tenant));
    }
    if (req.method === 'GET' && tenant === 'common' && rest === 'discovery/instance') {
      const endpoint =
        u.searchParams.get('authorization_endpoint') ??
        `https://${host}/${firstTenant}/oauth2/v2.0/authorize`;
      const t = /^https?:\/\/[^/]+\/([^/]+)\//.exec(endpoint)?.[1] ?? firstTenant;
      return sendJson(res, 200, {
        tenant_discovery_endpoint: `${baseUrl}/${t}/v2.0/.well-known/openid-configuration`,
        'api-version': '1.1',
        metadata: [{ preferred_network: host, preferred_cache: host, aliases: [host] }],
      });
    }
    if (req.method === 'GET' && rest === 'discovery/v2.0/keys') return sendJson(res, 200, { keys: [] });
    sendJson(res, 404, {
      error: 'not_found',
      error_description: `No route for ${req.method ?? ''} ${u.pathname}`,
    });
  }

  return {
    url: started.url,
    port: started.port,
    tokens,
    faults,
    counters,
    tokenEndpoint: (t = firstTenant) => `${started.url}/${t}/oauth2/v2.0/token`,
    authorityMetadata: (t = firstTenant) => JSON.stringify(oidc(t)),
    msalAuth: (client, t = firstTenant) => ({
      clientId: client.clientId,
      clientSecret: client.clientSecret,
      authority: `https://${host}/${t}`,
      knownAuthorities: [host],
      authorityMetadata: JSON.stringify(oidc(t)),
    }),
    setTokenLifetime(seconds) {
      lifetime = seconds;
    },
    close: () => started.close(),
  };
}
