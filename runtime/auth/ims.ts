// Adobe IMS client credentials: a form POST of the four fields, cached until shortly before expires_in.
import type { CampaignConnection } from '../../core/model/tenant.ts';
import { AuthError, HttpError, registerSecret } from '../../core/errors.ts';
import type { TokenSource } from '../http/auth-policy.ts';
import type { Clock } from '../http/clock.ts';
import { realClock } from '../http/clock.ts';
import { apiMessage } from '../http/errors.ts';
import { homeOrigin } from '../http/origin.ts';
import type { Send } from '../http/types.ts';

export interface ImsTokenSource extends TokenSource {
  readonly fetched: number;
}

/** Refresh this long before expiry (or at 90% of a short lifetime). */
const MARGIN_MS = 5 * 60_000;

export function imsTokenSource(
  conn: CampaignConnection,
  clientSecret: string,
  send: Send,
  clock: Clock = realClock,
): ImsTokenSource {
  // The client secret is posted here: https only (http on the loopback for the sandbox).
  homeOrigin(conn.imsTokenUrl, 'IMS token');
  registerSecret(clientSecret);
  let cached: { token: string; refreshAt: number } | null = null;
  let inflight: Promise<string> | null = null;
  let fetched = 0;

  const fetchToken = async (): Promise<string> => {
    const form = new URLSearchParams({
      client_id: conn.clientId,
      client_secret: clientSecret,
      grant_type: 'client_credentials',
      scope: conn.scopes.join(','),
    });
    const res = await send({
      method: 'POST',
      url: conn.imsTokenUrl,
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: form.toString(),
      idempotent: true,
    }).catch((err: unknown) => {
      // No answer at all: the endpoint is unreachable, the credentials were not judged.
      if (!(err instanceof HttpError) || err.code !== 'FERRY_HTTP_NETWORK') throw err;
      const net = String(err.details['code'] ?? '');
      throw new HttpError(
        'FERRY_AUTH_NETWORK',
        `IMS token endpoint ${conn.imsTokenUrl} could not be reached: ${net === 'ECONNREFUSED' ? 'connection refused' : net || err.message}`,
        { cause: err, details: { code: net } },
      );
    });
    fetched++;
    if (res.status !== 200) {
      const msg =
        `IMS token for client ${conn.clientId} failed: HTTP ${res.status} ${apiMessage(res) ?? ''}`.trim();
      if (res.status >= 500 || res.status === 429)
        throw new HttpError('FERRY_AUTH_IMS_UNAVAILABLE', msg, { status: res.status });
      throw new AuthError('FERRY_AUTH_IMS', msg, { status: res.status });
    }
    const body = JSON.parse(res.body) as { access_token?: unknown; expires_in?: unknown };
    if (typeof body.access_token !== 'string')
      throw new AuthError('FERRY_AUTH_IMS', 'IMS token response has no access_token');
    registerSecret(body.access_token, 'token');
    const lifeMs = Number(body.expires_in ?? 0) * 1000;
    const early = Math.min(MARGIN_MS, lifeMs * 0.1);
    cached = { token: body.access_token, refreshAt: clock.now() + lifeMs - early };
    return body.access_token;
  };

  return {
    get fetched() {
      return fetched;
    },
    getToken(force = false) {
      if (!force && cached && clock.now() < cached.refreshAt) return Promise.resolve(cached.token);
      if (force) cached = null;
      // Single flight: one refresh serves every waiting request.
      inflight ??= fetchToken().finally(() => (inflight = null));
      return inflight;
    },
  };
}
