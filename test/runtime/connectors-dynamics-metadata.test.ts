// Live `$metadata` is not cached forever: `run --follow` re-reads it once a minute, so drift is caught by the first pass after that.
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Manifest } from '../../runtime/contract.ts';
import { DynamicsConnector } from '../../runtime/connectors/dynamics/connector.ts';
import { Engine, type RunReport } from '../../runtime/engine/engine.ts';
import { DRIFT_RECHECK_MS } from '../../runtime/engine/drift.ts';
import { follow } from '../../runtime/engine/follow.ts';
import { createTransport, type Transport } from '../../runtime/http/transport.ts';
import { openStateStore } from '../../runtime/state/index.ts';
import { FakeCampaign } from '../engine/fakes/campaign.ts';
import { FakeClock } from '../engine/fakes/clock.ts';
import { contactsFlow } from '../engine/fakes/flows.ts';
import { fakeClock } from './fake-clock.ts';

const SNAPSHOT = readFileSync('tenants/sandbox/metadata/dynamics/metadata.xml', 'utf8');
const LASTNAME = '<Property Name="lastname" Type="Edm.String"';

let server: Server;
let url: string;
let transport: Transport;
let csdl = SNAPSHOT;
let metadataReads = 0;

beforeAll(async () => {
  expect(SNAPSHOT).toContain(LASTNAME);
  server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (path === '/api/data/v9.2/$metadata') {
      metadataReads++;
      res.writeHead(200, { 'content-type': 'application/xml' }).end(csdl);
    } else if (path === '/api/data/v9.2/contacts') {
      // An empty table: the pass does nothing after its drift check.
      res
        .writeHead(200, { 'content-type': 'application/json' })
        .end(
          JSON.stringify({ value: [], '@odata.deltaLink': `${url}/api/data/v9.2/contacts?$deltatoken=1` }),
        );
    } else res.writeHead(404).end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  transport = createTransport();
});
afterAll(async () => {
  await transport?.close();
  await new Promise((r) => server?.close(r));
});
beforeEach(() => {
  csdl = SNAPSHOT;
  metadataReads = 0;
});

describe('Dynamics live metadata refresh', () => {
  it('caches $metadata within its max age, re-reads it after, and at once on refreshMetadata()', async () => {
    const clock = fakeClock();
    const c = new DynamicsConnector({ url, send: transport.send, clock, metadataMaxAgeMs: 60_000 });
    expect((await c.attributeTypes('contact')).get('lastname')).toBe('Edm.String');
    await c.attributeTypes('contact');
    expect(metadataReads).toBe(1);
    csdl = SNAPSHOT.replace(LASTNAME, '<Property Name="lastname" Type="Edm.Int32"');
    clock.advance(59_000);
    expect((await c.attributeTypes('contact')).get('lastname')).toBe('Edm.String');
    clock.advance(1_000);
    expect((await c.attributeTypes('contact')).get('lastname')).toBe('Edm.Int32');
    expect(metadataReads).toBe(2);
    c.refreshMetadata();
    await c.attributeTypes('contact');
    expect(metadataReads).toBe(3);
  });

  it('run --follow: a type change is seen by the first pass a minute on, with FERRY_DRIFT', async () => {
    const dynamics = new DynamicsConnector({ url, send: transport.send });
    const state = await openStateStore('sqlite::memory:', process.cwd());
    const manifest: Manifest = {
      compilerVersion: 't',
      tenant: 't',
      inputs: {},
      flows: [],
      files: {},
      bundleHash: 'x',
      fingerprints: { 'dynamics:contact': { contactid: 'Edm.Guid', lastname: 'Edm.String' } },
    };
    // The engine's clock: the passes come 1 s, then a minute, apart.
    let now = Date.parse('2026-12-03T09:00:00Z');
    const engine = new Engine({
      bundle: { tenant: 't', compilerVersion: 't', flows: [contactsFlow()] },
      manifest,
      options: { now: () => new Date(now) },
      dynamics,
      campaign: new FakeCampaign(new FakeClock()),
      journal: null,
      state,
    });
    const ac = new AbortController();
    const reports: RunReport[] = [];
    try {
      await follow((r) => engine.runOnce(r), {
        mode: 'incremental',
        intervalMs: 1,
        signal: ac.signal,
        onRun: (r) => {
          reports.push(r);
          // The schema changes in Dynamics while ferry sleeps between passes.
          csdl = SNAPSHOT.replace(LASTNAME, '<Property Name="lastname" Type="Edm.Int32"');
          now += reports.length === 1 ? 1_000 : DRIFT_RECHECK_MS;
          if (reports.length === 3) ac.abort();
        },
      });
    } finally {
      await state.close();
    }
    expect(reports[0]?.flows[0]?.outcome).toBe('ok');
    // 1 s later the metadata read by the first pass is still used: no second read of $metadata.
    expect(reports[1]?.flows[0]?.outcome).toBe('ok');
    expect(reports[2]?.flows[0]).toMatchObject({ outcome: 'failed', errorCode: 'FERRY_DRIFT' });
    expect(reports[2]?.flows[0]?.error).toMatch(/field lastname changed type from Edm.String to Edm.Int32/);
    expect(metadataReads).toBe(2);
  });
});
