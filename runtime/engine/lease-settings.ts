// Lease timing and worker identity: tenant `lease` settings, overridden by FERRY_LEASE_TTL / FERRY_LEASE_RENEW_EVERY.
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { ConfigError } from '../../core/errors.ts';
import { parseInterval } from './interval.ts';

export interface LeaseSettings {
  /** How long a lease lasts without renewal: a dead worker's flows are taken over after at most this. */
  readonly ttlMs: number;
  /** Renewal period (default a third of the TTL). */
  readonly renewMs: number;
  /** API writes stop this long before the lease could expire (covers clock skew and requests in flight). */
  readonly marginMs: number;
}

export const DEFAULT_LEASE_TTL_MS = 30_000;

/** Margin = a sixth of the TTL (5 s of the default 30 s), never under 200 ms. */
export function leaseSettings(ttlMs: number = DEFAULT_LEASE_TTL_MS, renewMs?: number): LeaseSettings {
  const renew = renewMs ?? Math.round(ttlMs / 3);
  if (!(ttlMs >= 1000) || !(renew > 0) || renew * 2 > ttlMs)
    throw new ConfigError(
      'FERRY_LEASE_SETTINGS',
      `lease ttl ${ttlMs} ms, renewal every ${renew} ms: the ttl must be at least 1s and the renewal at most half of it`,
    );
  return { ttlMs, renewMs: renew, marginMs: Math.max(200, Math.round(ttlMs / 6)) };
}

/** Tenant `lease: { ttl, renewEvery }`, each overridden by its environment variable. */
export function resolveLeaseSettings(
  tenant: { readonly ttl?: string; readonly renewEvery?: string } | undefined,
  env: NodeJS.ProcessEnv,
): LeaseSettings {
  const read = (name: string, text: string | undefined): number | undefined => {
    if (text === undefined || text === '') return undefined;
    const ms = parseInterval(text);
    if (ms === null || ms <= 0)
      throw new ConfigError('FERRY_LEASE_SETTINGS', `${name} ${text}: use a duration such as 30s or 500ms`);
    return ms;
  };
  const ttl = read('lease ttl', env['FERRY_LEASE_TTL'] ?? tenant?.ttl);
  const renew = read('lease renewEvery', env['FERRY_LEASE_RENEW_EVERY'] ?? tenant?.renewEvery);
  return leaseSettings(ttl, renew);
}

/** A default worker id (`<host>:<pid>:<random>`) of this host whose process no longer exists. */
export function deadOnThisHost(workerId: string): boolean {
  const [host, pidText] = workerId.split(':');
  const pid = Number(pidText);
  if (host !== hostname() || !Number.isInteger(pid) || pid <= 0 || pid === process.pid) return false;
  try {
    process.kill(pid, 0); // signal 0: existence check only
    return false;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

/** FERRY_WORKER_ID, else `<host>:<pid>:<random>`: unique per process, so two processes never share a lease. */
export function defaultWorkerId(env: NodeJS.ProcessEnv = process.env): string {
  const fixed = env['FERRY_WORKER_ID'];
  if (fixed !== undefined && fixed !== '') return fixed;
  return `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
}
