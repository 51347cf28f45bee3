// Where credentials may go: each service's configured origin (scheme, host, port), and nowhere else.
import { ConfigError, HttpError } from '../../core/errors.ts';

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/** True for `localhost`, `127.0.0.1` and `[::1]`: the only hosts plain `http` is accepted for. */
export const isLoopback = (host: string): boolean => LOOPBACK.has(host.toLowerCase());

/** The parsed URL, refusing one that carries a user name or password. */
function parse(url: string, what: string): URL {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new HttpError('FERRY_HTTP_FOREIGN_ORIGIN', `${what}: not an absolute URL`);
  }
  if (u.username !== '' || u.password !== '')
    throw new HttpError(
      'FERRY_HTTP_URL_CREDENTIALS',
      `${what}: the URL for ${u.origin} carries credentials; they are refused`,
    );
  return u;
}

/** The origin a service's credentials belong to, from its configured URL: https, or http on the loopback only. */
export function homeOrigin(configuredUrl: string, service: string): string {
  const u = parse(configuredUrl, `${service} URL`);
  if (u.protocol === 'https:') return u.origin;
  if (u.protocol === 'http:' && isLoopback(u.hostname)) return u.origin;
  throw new ConfigError(
    'FERRY_HTTP_INSECURE_URL',
    `${service} URL ${u.origin} must use https (plain http only for localhost, 127.0.0.1 and [::1])`,
    { details: { service, origin: u.origin } },
  );
}

/** Throws unless `url` is on `home` (same scheme, host and port) and carries no credentials; nothing is sent. */
export function assertHome(url: string, home: string, service: string): void {
  const u = parse(url, `${service} request`);
  if (u.origin !== home)
    throw new HttpError(
      'FERRY_HTTP_FOREIGN_ORIGIN',
      `${service}: refused a link to ${u.origin}; credentials go only to the configured ${home}`,
      { details: { service, origin: u.origin, configured: home } },
    );
}
