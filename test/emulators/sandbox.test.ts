import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sandbox } from '../../emulators/sandbox/index.ts';
import { startSandbox } from '../../emulators/sandbox/index.ts';
import { contactAt, contactIdAt } from '../../emulators/seed/index.ts';

let sb: Sandbox;
let token: string;
beforeAll(async () => {
  sb = await startSandbox({ seed: 3, contacts: 400 });
  const c = sb.info.campaign;
  const res = await fetch(c.imsTokenUrl, {
    method: 'POST',
    body: new URLSearchParams({
      client_id: c.clientId,
      client_secret: c.clientSecret,
      grant_type: 'client_credentials',
      scope: c.scope,
    }),
  });
  token = ((await res.json()) as { access_token: string }).access_token;
});
afterAll(() => sb.close());

const acs = (path: string, init: { method?: string; body?: unknown } = {}) =>
  fetch(path.startsWith('http') ? path : `${sb.info.campaign.url}/${path}`, {
    method: init.method ?? 'GET',
    headers: {
      authorization: `Bearer ${token}`,
      'x-api-key': sb.info.campaign.apiKey,
      'content-type': 'application/json',
    },
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
  });

describe('startSandbox', () => {
  it('returns the connection info shape', () => {
    const i = sb.info;
    expect(Object.keys(i).sort()).toEqual(['campaign', 'control', 'dynamics']);
    expect(Object.keys(i.dynamics).sort()).toEqual([
      'clientId',
      'clientSecret',
      'scope',
      'tenantId',
      'tokenUrl',
      'url',
    ]);
    expect(Object.keys(i.campaign).sort()).toEqual([
      'apiKey',
      'clientId',
      'clientSecret',
      'imsTokenUrl',
      'journalUrl',
      'org',
      'scope',
      'url',
    ]);
    expect(i.campaign.url).toMatch(/\/ferrysandbox\/campaign$/);
    expect(i.campaign.journalUrl).toMatch(
      /\/events\/organizations\/ferrysandbox\/integrations\/ferry-sandbox\/ferry-sandbox-email-events$/,
    );
    expect(i.dynamics.tokenUrl).toContain(`/${i.dynamics.tenantId}/oauth2/v2.0/token`);
  });

  it('serves the tenant snapshots with hrefs pointing at the emulator', async () => {
    const meta = (await (await acs('profileAndServicesExt/resourceType/cusVehicle')).json()) as {
      filters: { href: string };
      content: Record<string, unknown>;
    };
    expect(meta.filters.href.startsWith(sb.info.campaign.url)).toBe(true);
    expect(meta.content.vin).toBeDefined();
    const listing = (await (await acs('profileAndServicesExt/')).json()) as Record<string, unknown>;
    expect(Object.keys(listing).sort()).toEqual(['cusServiceVisit', 'cusVehicle']);
  });

  it('is seeded: matched profiles are found by externalId, orphans have none', async () => {
    let found = 0;
    for (let i = 0; i < 40; i++) {
      const page = (await (
        await acs(`profileAndServicesExt/profile/byExternalId?externalId_parameter=${contactIdAt(3, i)}`)
      ).json()) as { content: unknown[] };
      found += page.content.length;
    }
    expect(found).toBeGreaterThan(3);
    expect(found).toBeLessThan(40);
    const count = (await (await acs('profileAndServices/profile/_count')).json()) as { count: number };
    expect(count.count).toBe(sb.campaign.store.table('profile').size);
    expect(sb.campaign.counters.engineCalls).toBe(0);
    expect(sb.dynamics.store.count('contact')).toBe(400);
    expect(sb.dynamics.store.count('ferry_vehicle')).toBeGreaterThan(100);
    expect(sb.dynamics.store.count('ferry_servicevisit')).toBeGreaterThan(100);
    // Generated timestamps survive seeding (opt-out conflict rules need both orders).
    expect(sb.dynamics.store.get('contact', contactIdAt(3, 5))?.modifiedon).toBe(contactAt(3, 5).modifiedon);
  });

  it('links custom resources and feeds the journal and history', async () => {
    const p = (await (
      await acs('profileAndServicesExt/profile', {
        method: 'POST',
        body: { email: 'new@example.com', externalId: 'x-1' },
      })
    ).json()) as { PKey: string };
    const v = await acs('profileAndServicesExt/cusVehicle', {
      method: 'POST',
      body: { crmId: 'veh-1', vin: 'ABC', profile: { PKey: p.PKey } },
    });
    expect(v.status).toBe(201);
    const j = await fetch(sb.info.campaign.journalUrl + '?limit=5', {
      headers: { authorization: `Bearer ${token}`, 'x-api-key': sb.info.campaign.apiKey },
    });
    expect(j.status).toBe(200);
    const batch = (await j.json()) as { events: { event: { type: string; profile: { PKey: string } } }[] };
    expect(batch.events[0]?.event.type).toBe('send');
    const pk = batch.events[0]?.event.profile.PKey ?? '';
    const hist = (await (await acs(`profileAndServices/history/${pk}/events`)).json()) as {
      content: { label: string }[];
    };
    expect(hist.content.map((e) => e.label)).toContain('Send via email');
    const ctl = await fetch(`${sb.info.control.url}/deliveries`, {
      method: 'POST',
      body: JSON.stringify({ seed: 5, count: 10 }),
    });
    expect(ctl.status).toBe(201);
    expect(((await ctl.json()) as { appended: number }).appended).toBeGreaterThanOrEqual(10);
    const counters = (await (await fetch(`${sb.info.control.url}/counters`)).json()) as {
      campaign: { engineCalls: number };
    };
    expect(counters.campaign.engineCalls).toBe(2);
  });
});

describe('ferry sandbox --json', () => {
  it('prints exactly one JSON object on the first line and stops cleanly on SIGTERM', async () => {
    const child = spawn(
      process.execPath,
      ['bin/ferry.js', 'sandbox', '--json', '--port-base', '0', '--contacts', '50'],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const first = await new Promise<string>((resolve, reject) => {
      createInterface({ input: child.stdout }).once('line', resolve);
      child.once('exit', (code) => reject(new Error(`exited ${String(code)}`)));
    });
    const info = JSON.parse(first) as {
      dynamics: Record<string, string>;
      campaign: Record<string, string>;
      control: Record<string, string>;
    };
    expect(Object.keys(info)).toEqual(['dynamics', 'campaign', 'control']);
    expect(Object.keys(info.campaign)).toEqual([
      'url',
      'org',
      'imsTokenUrl',
      'clientId',
      'clientSecret',
      'apiKey',
      'scope',
      'journalUrl',
    ]);
    expect(Object.keys(info.dynamics)).toEqual([
      'url',
      'tokenUrl',
      'tenantId',
      'clientId',
      'clientSecret',
      'scope',
    ]);
    expect((await fetch(`${info.control.url ?? ''}/counters`)).status).toBe(200);
    const code = await new Promise<number | null>((resolve) => {
      child.once('exit', resolve);
      child.kill('SIGTERM');
    });
    expect(code).toBe(0);
  });
});
