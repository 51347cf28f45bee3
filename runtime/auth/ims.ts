// Adobe IMS client credentials: a form POST of the four fields, cached until shortly before expires_in.
import type { CampaignConnection } from '../../core/model/tenant.ts';
import { AuthError, HttpError, registerSecret } from '../../core/errors.ts';
import type { TokenSource } from '../http/auth-policy.ts';
import type { Clock } from '../http/clock.ts';
import { realClock } from '../http/clock.ts';
import { apiMessage } from '../http/errors.ts';
import { homeOrigin } from '../http/origin.ts';
import type { Send } from '../http/types.ts';
import { cachedTokens } from './token-cache.ts';

export interface ImsTokenSource extends TokenSource {
  readonly fetched: number;
}

export function imsTokenSource(
  conn: CampaignConnection,
  clientSecret: string,
  send: Send,
  clock: Clock = realClock,
): ImsTokenSource {
  // The client secret is posted here: https only (http on the loopback for the sandbox).
  homeOrigin(conn.imsTokenUrl, 'IMS token');
  registerSecret(clientSecret);
  return cachedTokens(async () => {
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
    return { token: body.access_token, expiresAt: clock.now() + Number(body.expires_in ?? 0) * 1000 };
  }, clock);
}
