// What the workers left in Campaign, read over HTTP like any client would, checked against Dynamics.
import type { SandboxInfo } from '../../emulators/sandbox/index.ts';
import type { EntityFlow, SourceRow } from '../../runtime/contract.ts';
import { loadBundle } from '../../runtime/index.ts';

type Profile = Readonly<Record<string, unknown>> & { readonly PKey: string };

/** Every Campaign profile, page by page through `next.href` (IMS token, API key). */
export async function campaignProfiles(info: SandboxInfo): Promise<Profile[]> {
  const c = info.campaign;
  const tok = await fetch(c.imsTokenUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      client_id: c.clientId,
      client_secret: c.clientSecret,
      grant_type: 'client_credentials',
      scope: c.scope,
    }),
  });
  const { access_token: token } = (await tok.json()) as { access_token: string };
  const out: Profile[] = [];
  let href: string | null = `${c.url}/profileAndServices/profile?_lineCount=1000&_forcePagination=true`;
  while (href !== null) {
    const res = await fetch(new URL(href, c.url), {
      headers: { authorization: `Bearer ${token}`, 'x-api-key': c.apiKey, 'cache-control': 'no-cache' },
    });
    if (res.status !== 200) throw new Error(`GET profiles: HTTP ${res.status} ${await res.text()}`);
    const body = (await res.json()) as { content: Profile[]; next?: { href: string } };
    out.push(...body.content);
    href = body.next?.href ?? null;
  }
  return out;
}

export interface Findings {
  /** Matching contacts (not dead-lettered) without exactly one profile. */
  readonly lost: string[];
  /** externalIds held by more than one profile. */
  readonly doubled: string[];
  /** Profiles present before the workers started that are gone now. */
  readonly deleted: string[];
  /** Profiles ferry created whose mapped fields differ from the Dynamics row. */
  readonly mismatched: string[];
}

/** Compares Campaign (over HTTP) with the Dynamics rows the contacts flow maps. */
export async function findings(
  info: SandboxInfo,
  bundleDir: string,
  contacts: readonly SourceRow[],
  before: ReadonlySet<string>,
  deadLettered: ReadonlySet<string>,
): Promise<Findings> {
  const { bundle } = await loadBundle(bundleDir);
  const flow = bundle.flows.find((f): f is EntityFlow => f.kind === 'entity' && f.name === 'contacts');
  if (flow === undefined) throw new Error('contacts flow missing');
  const profiles = await campaignProfiles(info);
  const byExt = new Map<string, Profile[]>();
  for (const p of profiles)
    if (typeof p['externalId'] === 'string')
      byExt.set(p['externalId'], [...(byExt.get(p['externalId']) ?? []), p]);
  const pkeys = new Set(profiles.map((p) => p.PKey));
  const lost: string[] = [];
  const mismatched: string[] = [];
  for (const row of contacts) {
    const id = String(row['contactid']);
    if (!flow.matches(row) || deadLettered.has(id)) continue;
    const hits = byExt.get(id) ?? [];
    if (hits.length !== 1) {
      lost.push(id);
      continue;
    }
    const hit = hits[0] as Profile;
    if (before.has(hit.PKey)) continue; // not created by ferry: left as it was
    const want = flow.transform(row);
    for (const f of ['email', 'firstName', 'lastName'])
      if ((want[f] ?? null) !== (hit[f] ?? null)) mismatched.push(`${id}.${f}`);
  }
  return {
    lost,
    doubled: [...byExt].filter(([, ps]) => ps.length > 1).map(([id]) => id),
    deleted: [...before].filter((k) => !pkeys.has(k)),
    mismatched,
  };
}
