// One cache for tokens fetched over HTTP (IMS, managed identity): reused until shortly before expiry,
// one request in flight for every waiting caller, each token registered for scrubbing.
import { registerSecret } from '../../core/errors.ts';
import type { Clock } from '../http/clock.ts';

export interface FetchedToken {
  readonly token: string;
  /** Epoch milliseconds. */
  readonly expiresAt: number;
}

export interface CachedTokens {
  /** Tokens fetched so far. */
  readonly fetched: number;
  getToken(force?: boolean): Promise<string>;
}

/** Refresh this long before expiry (or at 90% of a short lifetime). */
const MARGIN_MS = 5 * 60_000;

export function cachedTokens(fetchToken: () => Promise<FetchedToken>, clock: Clock): CachedTokens {
  let cached: { token: string; refreshAt: number } | null = null;
  let inflight: Promise<string> | null = null;
  let fetched = 0;

  const refresh = async (): Promise<string> => {
    const { token, expiresAt } = await fetchToken();
    fetched++;
    registerSecret(token, 'token');
    const life = Math.max(0, expiresAt - clock.now());
    cached = { token, refreshAt: expiresAt - Math.min(MARGIN_MS, life * 0.1) };
    return token;
  };

  return {
    get fetched() {
      return fetched;
    },
    getToken(force = false) {
      if (!force && cached && clock.now() < cached.refreshAt) return Promise.resolve(cached.token);
      if (force) cached = null;
      inflight ??= refresh().finally(() => (inflight = null));
      return inflight;
    },
  };
}
