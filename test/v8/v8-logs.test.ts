// The Campaign v8 email-event source against the emulator's SOAP router: every delivery-log and
// tracking-log event once per position, a bounce (an update of a delivery log row already read) seen
// on the next read, positions that resume exactly, and a new logon when the session is refused.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SimulatedEvent } from '../../emulators/campaign/logs/tables.ts';
import type { Send } from '../../runtime/http/types.ts';
import { V8LogsConnector } from '../../runtime/connectors/campaign/v8-logs.ts';
import { startFixture, type CampaignFixture } from '../emulators/campaign-fixture.ts';

let f: CampaignFixture;
beforeAll(async () => {
  f = await startFixture({ flavor: 'v8' });
});
afterAll(async () => {
  await f.close();
});

const fetchSend =
  (rewrite: (h: Record<string, string>) => Record<string, string> = (h) => h): Send =>
  async (req) => {
    const r = await fetch(req.url, {
      method: req.method,
      headers: rewrite({ ...req.headers }),
      body: req.body ?? null,
    });
    return { status: r.status, headers: Object.fromEntries(r.headers), body: await r.text(), url: req.url };
  };

const ev = (
  type: SimulatedEvent['type'],
  i: number,
  at: string,
  extra: Partial<SimulatedEvent> = {},
): SimulatedEvent => ({
  type,
  timestamp: at,
  profile: { PKey: `@p${i}`, externalId: `ext-${i}`, email: `p${i}@example.com` },
  delivery: { id: 'DM1', label: 'News', mirrorPageUrl: null },
  campaign: { id: 'OP1', label: 'Op' },
  ...extra,
});

async function drain(c: V8LogsConnector, since: string | null, limit: number) {
  const events: { id: string; type: string; position: string }[] = [];
  let pos = since;
  for (;;) {
    const batch = await c.read(pos, limit);
    if (batch.entries.length === 0) return { events, pos };
    for (const e of batch.entries) {
      const body = e.event as { id: string; type: string };
      events.push({ id: body.id, type: body.type, position: e.position });
    }
    pos = batch.entries[batch.entries.length - 1]?.position ?? pos;
  }
}

describe('Campaign v8 log source (SOAP queryDef)', () => {
  it('reads sends, opens, clicks and bounces once, in small pages, and resumes at its position', async () => {
    const soapUrl = `${f.acs.url}/nl/jsp/soaprouter.jsp`;
    const source = new V8LogsConnector({
      soapUrl,
      send: fetchSend(),
      tokens: { getToken: async () => f.token },
    });
    for (let i = 0; i < 3; i++) f.acs.logs.append(ev('send', i, `2026-12-01T10:00:0${i}.000Z`));
    f.acs.logs.append(ev('open', 0, '2026-12-01T11:00:00.000Z'));
    f.acs.logs.append(ev('click', 0, '2026-12-01T11:00:05.000Z', { url: 'https://example.com/a' }));
    const first = await drain(source, null, 2);
    expect(first.events.map((e) => `${e.type}:${e.id}`)).toEqual([
      'send:v8-broadlog-1-send',
      'send:v8-broadlog-2-send',
      'open:v8-trackinglog-1',
      'click:v8-trackinglog-2',
      // Each read takes a page of each table: the third send comes with the second page.
      'send:v8-broadlog-3-send',
    ]);
    // Nothing new: an empty batch at the same position.
    expect((await source.read(first.pos, 2)).entries).toEqual([]);
    // A bounce updates delivery log 2 (already read): its row comes back with the bounce.
    f.acs.logs.append(
      ev('bounce', 1, '2026-12-01T12:00:00.000Z', { bounce: { type: 'hard', reason: 'User unknown' } }),
    );
    const next = await drain(source, first.pos, 2);
    expect(next.events.map((e) => e.id)).toEqual(['v8-broadlog-2-send', 'v8-broadlog-2-bounce']);
    // The send id repeats (same activity id: the events ledger sees it unchanged); the bounce is new.
    expect(new Set([...first.events, ...next.events].map((e) => e.id)).size).toBe(6);
  });

  it('logs on again once when the session is refused, and fails loudly on a query fault', async () => {
    const soapUrl = `${f.acs.url}/nl/jsp/soaprouter.jsp`;
    let spoil = true;
    const send = fetchSend((h) => {
      if (h['x-security-token'] !== undefined && spoil) {
        spoil = false;
        return { ...h, 'x-security-token': '@stale' };
      }
      return h;
    });
    const before = f.acs.soap?.counts.logons ?? 0;
    const source = new V8LogsConnector({ soapUrl, send, tokens: { getToken: async () => f.token } });
    const batch = await source.read(null, 100);
    expect(batch.entries.length).toBeGreaterThan(0);
    expect((f.acs.soap?.counts.logons ?? 0) - before).toBe(2);
    const bad = new V8LogsConnector({
      soapUrl,
      send: fetchSend(),
      tokens: { getToken: async () => 'not-a-token' },
    });
    await expect(bad.read(null, 10)).rejects.toMatchObject({ code: 'FERRY_CAMPAIGN_SOAP_FAULT' });
    await expect(source.read('garbage', 10)).rejects.toMatchObject({ code: 'FERRY_CAMPAIGN_SOAP_BAD_BODY' });
  });
});
