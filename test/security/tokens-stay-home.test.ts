// Attack: a hostile or spoofed server hands out links to another origin (scheme, host or port) and
// waits for ferry to follow them with its Entra token, IMS token and API key.
// Guarantee: credentials go only to each service's configured origin; such links are refused before any
// request; URLs with credentials are refused; http is accepted only on the loopback.
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { validateProject } from '../../compiler/index.ts';
import type { TenantFile } from '../../core/model/tenant.ts';
import { CampaignConnector } from '../../runtime/connectors/campaign/connector.ts';
import { DynamicsConnector } from '../../runtime/connectors/dynamics/connector.ts';
import { connectTenant } from '../../runtime/connectors/index.ts';
import { JournalConnector } from '../../runtime/connectors/journal.ts';
import { Aimd, Limiter } from '../../runtime/http/concurrency.ts';
import { PauseGate } from '../../runtime/http/gate.ts';
import { campaignPipeline, dynamicsPipeline } from '../../runtime/http/pipeline.ts';
import { createTransport, type Transport } from '../../runtime/http/transport.ts';
import type { Send } from '../../runtime/http/types.ts';
import { startHostileServer, type HostileServer } from './hostile-server.ts';

const TOKEN = 'entra-or-ims-token-0123456789';
const API_KEY = 'campaign-api-key-0123456789';
const tokens = { getToken: async () => TOKEN };
const noRetry = { maxAttempts: 1 };

let home: HostileServer;
let evil: HostileServer;
let transport: Transport;
beforeAll(async () => {
  [home, evil] = await Promise.all([startHostileServer(), startHostileServer()]);
  transport = createTransport({ connectTimeoutMs: 2000 });
});
afterAll(async () => {
  await transport.close();
  await Promise.all([home.close(), evil.close()]);
});
afterEach(() => {
  home.seen.splice(0);
  evil.seen.splice(0);
});

const dynamics = (): DynamicsConnector =>
  new DynamicsConnector({
    url: home.url,
    send: dynamicsPipeline({
      home: home.url,
      transport: transport.send,
      tokens,
      gate: new PauseGate(),
      aimd: new Aimd({ max: 2 }),
      retry: noRetry,
    }),
  });

const campaignSend = (configured: string): Send =>
  campaignPipeline({
    home: configured,
    transport: transport.send,
    tokens,
    apiKey: API_KEY,
    gate: new PauseGate(),
    limiter: new Limiter(2),
    retry: noRetry,
  });

async function drain<T>(it: AsyncIterable<T>): Promise<void> {
  for await (const _ of it);
}

/** Nothing carrying a credential reached the other origin. */
function evilSawNothing(): void {
  expect(evil.seen).toEqual([]);
}

const PROFILE = { resource: 'profile', path: 'profileAndServicesExt/profile', filter: 'byExternalId' };

describe('Dynamics links', () => {
  it('refuses an @odata.nextLink to another port, naming both origins, before sending anything there', async () => {
    home.answer(() => ({
      body: JSON.stringify({
        value: [],
        '@odata.nextLink': `${evil.url}/api/data/v9.2/contacts?$skiptoken=2`,
      }),
    }));
    const err = await drain(dynamics().readAll({ entitySet: 'contacts', select: [], filter: null })).catch(
      (e: unknown) => e,
    );
    expect(err).toMatchObject({ code: 'FERRY_HTTP_FOREIGN_ORIGIN' });
    expect(String((err as Error).message)).toContain(evil.url);
    expect(String((err as Error).message)).toContain(home.url);
    expect(home.seen).toHaveLength(1);
    evilSawNothing();
  });

  it('refuses a stored deltaLink to another origin on the next run (no request at all)', async () => {
    const err = await drain(dynamics().readDelta(`${evil.url}/api/data/v9.2/contacts?$deltatoken=9`)).catch(
      (e: unknown) => e,
    );
    expect(err).toMatchObject({ code: 'FERRY_HTTP_FOREIGN_ORIGIN' });
    expect(home.seen).toEqual([]);
    evilSawNothing();
  });

  it('treats another scheme on the same host and port as another origin', async () => {
    const other = home.url.replace('http://', 'https://');
    const err = await drain(dynamics().readDelta(`${other}/api/data/v9.2/contacts?$deltatoken=9`)).catch(
      (e: unknown) => e,
    );
    expect(err).toMatchObject({ code: 'FERRY_HTTP_FOREIGN_ORIGIN' });
    expect(home.seen).toEqual([]);
  });

  it('refuses a link carrying credentials even on the right origin', async () => {
    // Only the first page links on (so a client that follows it ends after one more page).
    home.answer((req) => ({
      body: JSON.stringify({
        value: [],
        ...(req.url.includes('skiptoken')
          ? {}
          : {
              '@odata.nextLink':
                home.url.replace('http://', 'http://me:pw@') + '/api/data/v9.2/contacts?$skiptoken=2',
            }),
      }),
    }));
    const err = await drain(dynamics().readAll({ entitySet: 'contacts', select: [], filter: null })).catch(
      (e: unknown) => e,
    );
    expect(err).toMatchObject({ code: 'FERRY_HTTP_URL_CREDENTIALS' });
    expect(home.seen).toHaveLength(1);
  });
});

describe('Campaign links', () => {
  it('refuses a next.href to another origin; the API key and token stay home', async () => {
    home.answer(() => ({
      body: JSON.stringify({
        content: [],
        next: { href: `${evil.url}/acme/campaign/profileAndServicesExt/profile?p=2` },
      }),
    }));
    const c = new CampaignConnector({ baseUrl: `${home.url}/acme/campaign`, send: campaignSend(home.url) });
    const err = await drain(c.modifiedSince({ ...PROFILE } as never, null)).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'FERRY_HTTP_FOREIGN_ORIGIN' });
    expect(home.seen[0]?.headers['x-api-key']).toBe(API_KEY);
    evilSawNothing();
  });

  it('refuses to update or delete a record whose href points elsewhere', async () => {
    const c = new CampaignConnector({ baseUrl: `${home.url}/acme/campaign`, send: campaignSend(home.url) });
    const record = { PKey: '@p1', href: `${evil.url}/acme/campaign/profileAndServicesExt/profile/@p1` };
    await expect(c.update(record as never, { email: 'new@example.com' })).rejects.toMatchObject({
      code: 'FERRY_HTTP_FOREIGN_ORIGIN',
    });
    await expect(c.remove(record as never)).rejects.toMatchObject({ code: 'FERRY_HTTP_FOREIGN_ORIGIN' });
    evilSawNothing();
  });
});

describe('journal links', () => {
  it('refuses a Link rel="next" to another origin', async () => {
    const journalUrl = `${home.url}/events/organizations/acme/integrations/x/reg`;
    home.answer(() => ({
      headers: { link: `<${evil.url}/events/next?since=p-2>; rel="next"` },
      body: JSON.stringify({ events: [{ position: 'p-1', event: { id: 'e1' } }] }),
    }));
    const j = new JournalConnector({ journalUrl, send: campaignSend(journalUrl) });
    expect((await j.read(null, 10)).entries).toHaveLength(1);
    await expect(j.read('p-1', 10)).rejects.toMatchObject({ code: 'FERRY_HTTP_FOREIGN_ORIGIN' });
    evilSawNothing();
  });
});

describe('configured URLs', () => {
  const tenant = (dynamicsUrl: string): TenantFile =>
    ({
      version: 1,
      name: 't',
      dynamics: {
        url: dynamicsUrl,
        tenantId: '8f0c2d1e-5b4a-4c3d-9e8f-7a6b5c4d3e2f',
        clientId: 'c',
        clientSecret: { env: 'T_DYN' },
      },
      campaign: {
        url: `${home.url}/acme/campaign`,
        imsTokenUrl: `${home.url}/ims/token/v3`,
        clientId: 'c',
        apiKey: API_KEY,
        clientSecret: { env: 'T_CMP' },
        scopes: ['openid'],
      },
      mappings: [],
    }) as unknown as TenantFile;

  it('refuses plain http to a non-loopback host before any request', async () => {
    const env = { T_DYN: 'dynamics-secret-value', T_CMP: 'campaign-secret-value' };
    await expect(connectTenant(tenant('http://org.crm.example.com'), '.', { env })).rejects.toMatchObject({
      code: 'FERRY_HTTP_INSECURE_URL',
    });
    const ok = await connectTenant(tenant(home.url), '.', { env });
    await ok.close();
    expect(home.seen).toEqual([]);
  });
});

describe('tenant files', () => {
  it('ferry validate reports http to a real host, and a URL with credentials, at their line', async () => {
    const root = await mkdtemp(path.join(tmpdir(), 'ferry-sec-tenant-'));
    try {
      await cp('mappings', path.join(root, 'mappings'), { recursive: true });
      const yaml = (await readFile('tenants/sandbox/tenant.yaml', 'utf8'))
        .replace('url: http://127.0.0.1:7401', 'url: http://org.crm.example.com')
        .replace(/imsTokenUrl: .*/, 'imsTokenUrl: https://user:pw@ims.example.com/ims/token/v3');
      await mkdir(path.join(root, 'tenants/sandbox'), { recursive: true });
      await writeFile(path.join(root, 'tenants/sandbox/tenant.yaml'), yaml);
      const { diagnostics } = await validateProject({ root, tenant: 'sandbox', schemaOnly: true });
      const urls = diagnostics.filter((d) => d.code === 'FERRY014').map((d) => [d.line, d.hint]);
      expect(urls).toEqual([
        [8, expect.stringMatching(/https/)],
        [17, expect.stringMatching(/https/)],
      ]);
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});
