// The baseline for utilisation: a bare undici client sending the request mix ferry sent in the same run (the
// count probe, the listing pages, then one POST per profile) to the same Campaign emulator, at the same caps.
import { Pool } from 'undici';
import { SANDBOX } from '../../emulators/sandbox-credentials.ts';
import { contactAt, contactIdAt } from '../../emulators/seed/index.ts';
import { AuthError } from '../../core/errors.ts';
import { handwrittenTransform } from './contact-baselines.ts';
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

export interface RawMix {
  /** Listing pages to read (ferry's key index listing), `pageSize` records each, following next.href. */
  readonly listingPages: number;
  readonly pageSize: number;
  /** Profiles to POST: contacts (seed, from…) with an email, as contacts.yaml maps them, externalId = contactid. */
  readonly creates: number;
  readonly from: number;
  readonly seed: number;
  readonly concurrency: number;
  readonly callsPerSecond: number;
}

export interface RawResult {
  readonly calls: number;
  readonly seconds: number;
  readonly callsPerSec: number;
  readonly created: number;
  /** CPU (user + system) of this process while the client ran, ms: what the bare mix costs per call. */
  readonly cpuMs: number;
}

/** POST bodies the way ferry builds them: the mapped fields plus the key; rows the filter drops are skipped. */
function* profiles(seed: number, from: number, n: number): Generator<string> {
  for (let i = from, made = 0; made < n; i++) {
    const row = contactAt(seed, i);
    if (row['emailaddress1'] == null) continue;
    made++;
    yield JSON.stringify({ ...handwrittenTransform(row), externalId: contactIdAt(seed, i) });
  }
}

export async function rawMix(info: HostInfo, mix: RawMix): Promise<RawResult> {
  const token = await imsToken(info);
  const base = new URL(info.campaign.url);
  const resource = `${base.pathname}/profileAndServicesExt/profile`;
  const pool = new Pool(base.origin, { connections: mix.concurrency });
  const headers = {
    authorization: `Bearer ${token}`,
    'x-api-key': SANDBOX.campaignClientId,
    accept: 'application/json',
    'content-type': 'application/json',
  };
  let calls = 0;
  let slots = 0;
  let created = 0;
  const start = performance.now();
  const cpu0 = process.cpuUsage();
  // Evenly spaced slots, as a calls-per-second cap allows.
  const slot = async (): Promise<void> => {
    const at = start + (slots++ * 1000) / mix.callsPerSecond;
    const wait = at - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
  };
  const send = async (method: 'GET' | 'POST', path: string, body?: string): Promise<unknown> => {
    await slot();
    const res = await pool.request({ method, path, headers, ...(body === undefined ? {} : { body }) });
    calls++;
    if (method === 'POST' && res.statusCode === 201) created++;
    return method === 'GET' ? res.body.json() : res.body.dump();
  };
  type Page = { next?: { href?: string }; count?: { href?: string } };
  const rel = (href: string): string => new URL(href, base).pathname + new URL(href, base).search;
  // The count probe: a one-record page, then count.href when there is a next page.
  const probe = (await send('GET', `${resource}?_lineCount=1&_forcePagination=true`)) as Page;
  if (probe.next?.href !== undefined && probe.count?.href !== undefined)
    await send('GET', rel(probe.count.href));
  let url: string | undefined = `${resource}?_lineCount=${mix.pageSize}&_forcePagination=true`;
  for (let p = 0; p < mix.listingPages && url !== undefined; p++) {
    const page = (await send('GET', url)) as Page;
    url = page.next?.href === undefined ? undefined : rel(page.next.href);
  }
  const bodies = profiles(mix.seed, mix.from, mix.creates);
  const loop = async (): Promise<void> => {
    for (let b = bodies.next(); !b.done; b = bodies.next()) await send('POST', resource, b.value);
  };
  await Promise.all(Array.from({ length: mix.concurrency }, loop));
  const seconds = (performance.now() - start) / 1000;
  const cpu = process.cpuUsage(cpu0);
  await pool.close();
  return { calls, seconds, callsPerSec: calls / seconds, created, cpuMs: (cpu.user + cpu.system) / 1000 };
}
