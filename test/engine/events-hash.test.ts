import { afterEach, describe, expect, it } from 'vitest';
import { BatchSize } from '../../runtime/connectors/dynamics/batch-size.ts';
import { DynamicsHttp } from '../../runtime/connectors/dynamics/http.ts';
import { upsertViaBatch } from '../../runtime/connectors/dynamics/writes.ts';
import type { Json } from '../../runtime/contract.ts';
import { textHash } from '../../runtime/lib/hash.ts';
import type { DynamicsWrite } from '../../runtime/ports.ts';
import type { HttpResponse, Send } from '../../runtime/http/types.ts';
import { eventsFlow } from './fakes/flows.ts';
import { guid } from './fakes/dynamics.ts';
import { harness, type Harness } from './fakes/harness.ts';
import { requestText } from '../support/request-text.ts';

let h: Harness;
afterEach(async () => h?.state.close());

const click = (id: string, url: string): Json => ({
  id,
  type: 'click',
  timestamp: '2024-05-17T08:44:49Z',
  url,
  profile: { PKey: '@p1', externalId: guid(5), email: 'ann@example.com' },
  delivery: { id: 'DM1', label: 'May "*/ ${x}', mirrorPageUrl: 'https://m/1' },
  campaign: { id: 'C1', label: 'Loyalty' },
});

describe('an event write is hashed as the text that is sent', () => {
  it('ledger hash = target + body JSON of each write sent; the same text again is unchanged, another is updated', async () => {
    h = await harness();
    const sent: DynamicsWrite[] = [];
    const orig = h.dynamics.upsert.bind(h.dynamics);
    h.dynamics.upsert = async (w) => {
      sent.push(...w);
      return orig(w);
    };
    h.journal.push(click('e1', 'https://x/1'));
    const engine = h.engine([eventsFlow()]);
    expect((await engine.runOnce({ mode: 'incremental' })).flows[0]?.counts).toMatchObject({ created: 2 });
    expect(sent).toHaveLength(2);
    const ledger = await h.state.getLedger('email-events', ['e1', `follow-up:${sent[1]?.key ?? ''}`]);
    for (const w of sent) {
      expect(w.json).toBe(JSON.stringify(w.body));
      const id = w.ref.endsWith('#follow-up') ? `follow-up:${w.key}` : 'e1';
      expect(ledger.get(id)?.hash).toBe(textHash(`${w.entitySet}(${w.key})\n${w.json ?? ''}`));
    }
    h.journal.push(click('e1', 'https://x/1'));
    h.journal.push(click('e1', 'https://x/2'));
    const again = await engine.runOnce({ mode: 'incremental' });
    // The first copy matches the ledger; the second differs (the URL) in both writes.
    expect(again.flows[0]?.counts).toMatchObject({ unchanged: 2, updated: 2 });
  });

  it('the $batch part carries the write’s JSON text verbatim', async () => {
    const bodies: string[] = [];
    const send: Send = async (req): Promise<HttpResponse> => {
      bodies.push(requestText(req));
      const boundary = 'batchresponse_x';
      return {
        status: 200,
        headers: { 'content-type': `multipart/mixed; boundary=${boundary}` },
        body: `--${boundary}\r\nContent-Type: application/http\r\n\r\nHTTP/1.1 204 No Content\r\n\r\n\r\n--${boundary}--\r\n`,
        url: req.url,
      };
    };
    const http = new DynamicsHttp(send, 'https://o/api/data/v9.2/');
    const json = '{"subject":"s","description":"d"}';
    const results = await upsertViaBatch(http, new BatchSize(10), [
      { entitySet: 'tasks', key: guid(1), body: { description: 'd', subject: 's' }, json, ref: 't1' },
    ]);
    expect(results[0]?.ok).toBe(true);
    expect(bodies[0]).toContain(`\r\n\r\n${json}\r\n`);
  });
});
