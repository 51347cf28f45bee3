// Attack: an event id (or any key value) chosen to break out of its URL, key segment or $batch request
// line: CRLF injecting a header into the batch part, `%27)/../../contacts(<guid>)` leaving its key,
// `#` truncating the URL, `?` and `/` starting a query or a path.
// Guarantee: every such value goes through one encoder (runtime/http/encode.ts); what arrives at the
// server decodes to exactly the value; control characters are refused and only that record is dead-lettered.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Json } from '../../runtime/contract.ts';
import { CampaignConnector } from '../../runtime/connectors/campaign/connector.ts';
import { DynamicsConnector } from '../../runtime/connectors/dynamics/connector.ts';
import { Counts } from '../../runtime/engine/counts.ts';
import { entryWrites } from '../../runtime/engine/events/writes.ts';
import { createTransport, type Transport } from '../../runtime/http/transport.ts';
import { parseKey, splitPath } from '../../emulators/dynamics/odata/path.ts';
import { eventsFlow } from '../engine/fakes/flows.ts';
import { guid } from '../engine/fakes/dynamics.ts';
import { harness, type Harness } from '../engine/fakes/harness.ts';
import { startHostileServer, type HostileServer } from './hostile-server.ts';

const C = guid(77);
const HOSTILE_IDS = [
  `%27)/../../contacts(${guid(1)})`,
  "o')/contacts(" + guid(2) + ')?x=1',
  'a#fragment',
  'a?$select=fullname',
  'a/b/../c',
  'a&b=c+d %2F',
  'ünïcødé 🚀 ‮right-to-left',
];
const event = (id: string): Json => ({
  id,
  type: 'send',
  timestamp: '2024-05-17 08:44:49.366Z',
  profile: { PKey: '@p1', externalId: C, email: 'ann@example.com' },
  delivery: { id: 'DM190', label: 'May', mirrorPageUrl: 'https://m/1' },
  campaign: { id: 'C1', label: 'Loyalty' },
});

let server: HostileServer;
let transport: Transport;
beforeAll(async () => {
  server = await startHostileServer();
  transport = createTransport({ connectTimeoutMs: 2000 });
});
afterAll(async () => {
  await transport.close();
  await server.close();
});
afterEach(() => void server.seen.splice(0));

/** Answers a $batch with one 204 per part, using the request's own boundary. */
function batchAnswer(body: string): { headers: Record<string, string>; body: string } {
  const parts = body.split(/--batch_[\w-]+/).filter((p) => p.includes('HTTP/1.1'));
  const b = 'batchresponse_1';
  const out = parts.map(
    () => `--${b}\r\nContent-Type: application/http\r\n\r\nHTTP/1.1 204 No Content\r\n\r\n`,
  );
  return {
    headers: { 'content-type': `multipart/mixed; boundary=${b}` },
    body: `${out.join('')}--${b}--\r\n`,
  };
}

/** The operations of a captured $batch: every line of each part after its MIME headers. */
function operations(body: string): string[][] {
  return body
    .split(/--batch_[\w-]+(?:--)?\r\n/)
    .filter((p) => p.includes('application/http'))
    .map((p) => p.split('\r\n\r\n')[1]!.split('\r\n'));
}

const connector = (): DynamicsConnector =>
  // No bulk actions: every write is a $batch (without the map the connector would ask $metadata first).
  new DynamicsConnector({ url: server.url, send: transport.send, batchSize: 50, upsertMultiple: new Map() });

describe('event ids in $batch request lines', () => {
  it('each hostile id stays inside its own key: one request line, no extra header, decodes to the id', async () => {
    server.answer((req) => batchAnswer(req.body));
    const counts = new Counts();
    const writes = HOSTILE_IDS.flatMap((id, i) =>
      entryWrites(eventsFlow(), { position: `p-${i}`, event: event(id) }, counts),
    );
    const results = await connector().upsert(writes);
    expect(results.every((r) => r.ok)).toBe(true);
    const ops = operations(server.seen[0]!.body);
    expect(ops).toHaveLength(HOSTILE_IDS.length);
    ops.forEach((lines, i) => {
      const [requestLine, ...headers] = lines;
      const m = /^PATCH (\S+) HTTP\/1\.1$/.exec(requestLine ?? '');
      expect(m, requestLine).not.toBeNull();
      expect(headers.filter((h) => h.includes(':'))).toEqual(['Content-Type: application/json; type=entry']);
      const url = new URL(m![1]!);
      // Nothing of the id became a query or a fragment: it is all in the path, percent-encoded.
      expect(url.search).toBe('');
      expect(url.hash).toBe('');
      expect(url.href.startsWith(`${server.url}/api/data/v9.2/`)).toBe(true);
      // Decoded as a server does (the Dynamics emulator's own path reader): one segment, the id exactly.
      const path = decodeURIComponent(url.pathname.slice('/api/data/v9.2/'.length));
      const segs = splitPath(path);
      expect(segs.map((s) => s.name)).toEqual(['ferry_emailsends']);
      const key = parseKey(segs[0]!.key ?? '');
      expect(key).toEqual({ kind: 'alt', values: { ferry_eventid: HOSTILE_IDS[i] } });
    });
  });

  it('a CRLF in a key never reaches the wire: that write fails alone, the others are sent', async () => {
    server.answer((req) => batchAnswer(req.body));
    const results = await connector().upsert([
      { entitySet: 'ferry_emailsends', key: "ferry_eventid='ok-1'", body: {}, ref: 'a' },
      { entitySet: 'ferry_emailsends', key: "ferry_eventid='x'\r\nX-Injected: 1\r\n", body: {}, ref: 'b' },
    ]);
    expect(results.map((r) => [r.ref, r.ok, r.code])).toEqual([
      ['a', true, undefined],
      ['b', false, 'FERRY_URL_CONTROL_CHAR'],
    ]);
    expect(server.seen).toHaveLength(1);
    expect(server.seen[0]!.body).not.toMatch(/X-Injected/);
    expect(operations(server.seen[0]!.body)).toHaveLength(1);
  });
});

describe('the events flow', () => {
  let h: Harness;
  afterEach(async () => h?.state.close());

  it.each(['evil\r\nX-Injected: 1', 'nul\u0000byte', 'line\u2028sep', 'lone \ud800 surrogate'])(
    'dead-letters an event whose id holds a control character (%j) and syncs the rest',
    async (id) => {
      h = await harness();
      h.journal.push(event('good-1'));
      h.journal.push(event(id));
      h.journal.push(event('good-2'));
      const r = await h.engine([eventsFlow()]).runOnce({ mode: 'incremental' });
      expect(r.flows[0]?.counts).toMatchObject({
        created: 2,
        deadLettered: 1,
        'deadLettered:FERRY_URL_CONTROL_CHAR': 1,
      });
      expect(h.dynamics.writes.map((w) => w.key)).toEqual([
        "ferry_eventid='good-1'",
        "ferry_eventid='good-2'",
      ]);
      expect(await h.state.countDeadLetters('email-events')).toBe(1);
    },
  );
});

describe('Campaign key lookups', () => {
  const target = {
    resource: 'profile',
    path: 'profileAndServicesExt/profile',
    filter: 'byExternalId',
    filterParam: 'externalId_parameter',
    key: 'externalId',
  } as never;

  it.each(HOSTILE_IDS)('the id %j arrives as exactly one query value', async (id) => {
    server.answer(() => ({ body: JSON.stringify({ content: [] }) }));
    const c = new CampaignConnector({ baseUrl: `${server.url}/acme/campaign`, send: transport.send });
    await c.findByKey(target, id);
    const url = new URL(server.seen[0]!.url, server.url);
    expect(url.pathname).toBe('/acme/campaign/profileAndServicesExt/profile/byExternalId');
    expect([...url.searchParams]).toEqual([['externalId_parameter', id]]);
  });

  it('refuses an id with a control character before any request (record-level)', async () => {
    const c = new CampaignConnector({ baseUrl: `${server.url}/acme/campaign`, send: transport.send });
    await expect(c.findByKey(target, 'a\r\nb')).rejects.toMatchObject({ code: 'FERRY_URL_CONTROL_CHAR' });
    expect(server.seen).toEqual([]);
  });
});
