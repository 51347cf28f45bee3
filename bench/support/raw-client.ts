// The baseline for utilisation: a bare undici client keeping C requests in flight against the same Campaign
// emulator, at the same moment, on the same machine. What ferry achieves is compared with this, not only with C/L.
import { Pool } from 'undici';
import { SANDBOX } from '../../emulators/sandbox-credentials.ts';
import { contactIdAt } from '../../emulators/seed/index.ts';
import { AuthError } from '../../core/errors.ts';
import type { HostInfo } from './emulator-protocol.ts';

async function imsToken(info: HostInfo): Promise<string> {
  const form = new URLSearchParams({
    client_id: SANDBOX.campaignClientId,
    client_secret: info.campaign.clientSecret,
    grant_type: 'client_credentials',
    scope: SANDBOX.campaignScopes.join(','),
  });
  const res = await fetch(info.campaign.imsTokenUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: form.toString(),
  });
  const body = (await res.json()) as { access_token?: string };
  if (typeof body.access_token !== 'string')
    throw new AuthError('FERRY_BENCH_IMS', `IMS token for the raw client failed: HTTP ${res.status}`);
  return body.access_token;
}

/**
 * Calls/s of `concurrency` loops of profile lookups by externalId for `durationMs`, paced to at most
 * `callsPerSecond` (evenly spaced slots, as the cap allows) when given.
 */
export async function rawLookupRate(
  info: HostInfo,
  seed: number,
  concurrency: number,
  durationMs: number,
  callsPerSecond = Infinity,
): Promise<number> {
  const token = await imsToken(info);
  const base = new URL(info.campaign.url);
  const pool = new Pool(base.origin, { connections: concurrency });
  const headers = {
    authorization: `Bearer ${token}`,
    'x-api-key': SANDBOX.campaignClientId,
    accept: 'application/json',
  };
  let n = 0;
  let slots = 0;
  const start = performance.now();
  const end = start + durationMs;
  const slot = async (): Promise<void> => {
    const at = start + (slots++ * 1000) / callsPerSecond;
    const wait = at - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
  };
  const loop = async (k: number): Promise<void> => {
    for (let i = k; performance.now() < end; i += concurrency) {
      await slot();
      const q = new URLSearchParams({ externalId_parameter: contactIdAt(seed, i) });
      const res = await pool.request({
        method: 'GET',
        path: `${base.pathname}/profileAndServicesExt/profile/byExternalId?${q.toString()}`,
        headers,
      });
      await res.body.dump();
      n++;
    }
  };
  const t0 = performance.now();
  await Promise.all(Array.from({ length: concurrency }, (_, k) => loop(k)));
  const rate = n / ((performance.now() - t0) / 1000);
  await pool.close();
  return rate;
}
