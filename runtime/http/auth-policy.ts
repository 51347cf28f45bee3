// Bearer token (and API key) on requests to the service's own origin only; one retry with a forced new token after a 401.
import { AuthError, registerSecret } from '../../core/errors.ts';
import { apiMessage } from './errors.ts';
import { assertHome, homeOrigin } from './origin.ts';
import type { Policy } from './types.ts';
import { withHeaders } from './types.ts';

export interface TokenSource {
  /** A valid access token; `force` skips every cache. */
  getToken(force?: boolean): Promise<string>;
}

export interface BearerOptions {
  /** The service's configured URL: its origin is the only one the credentials are sent to. */
  readonly home: string;
  /** Names the service in errors (`Dynamics`, `Campaign`, `Journal`). */
  readonly service: string;
  /** More credential headers for the same origin (Campaign's `x-api-key`). */
  readonly headers?: Readonly<Record<string, string>>;
}

export const bearer = (tokens: TokenSource, opts: BearerOptions): Policy => {
  const home = homeOrigin(opts.home, opts.service);
  const extra = opts.headers ?? {};
  // Credential headers (the API key) are secrets too: scrubbed by value wherever a server echoes them.
  for (const value of Object.values(extra)) registerSecret(value);
  return (next) => async (req) => {
    // Every server-supplied or stored link passes here before a token is even fetched.
    assertHome(req.url, home, opts.service);
    const send = (token: string) => next(withHeaders(req, { ...extra, authorization: `Bearer ${token}` }));
    const used = await tokens.getToken(false);
    const first = await send(used);
    if (first.status !== 401) return first;
    // Another request may already have refreshed the token while this one waited in a queue: use that one
    // rather than forcing yet another token request.
    const cached = await tokens.getToken(false);
    let second = await send(cached !== used ? cached : await tokens.getToken(true));
    // That other token may predate our 401 (and have expired since): only a token fetched now proves the credential bad.
    if (second.status === 401 && cached !== used) second = await send(await tokens.getToken(true));
    if (second.status !== 401) return second;
    throw new AuthError(
      'FERRY_AUTH_REJECTED',
      `${req.method} ${new URL(req.url).pathname}: 401 even with a new token: ${apiMessage(second) ?? 'no message'}`,
      {
        status: 401,
      },
    );
  };
};
