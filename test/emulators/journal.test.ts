import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ManualClock } from '../../emulators/common/clock.ts';
import type { ImsEmulator } from '../../emulators/ims/server.ts';
import { simulateDelivery } from '../../emulators/journal/delivery.ts';
import type { JournalEmulator } from '../../emulators/journal/server.ts';
import { startJournalEmulator } from '../../emulators/journal/server.ts';
import type { EmailEvent } from '../../emulators/journal/payload.ts';
import { CREDS, fetchToken, startIms } from './ims-fixture.ts';

const PATH = '/events/organizations/acme/integrations/ferry/email-events';
const profiles = Array.from({ length: 40 }, (_, i) => ({
  PKey: `@p${i}`,
  externalId: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
  email: `u${i}@example.com`,
}));

let ims: ImsEmulator;
let clock: ManualClock;
let j: JournalEmulator;
let token: string;
beforeAll(async () => {
  ({ ims, clock } = await startIms());
  j = await startJournalEmulator({
    path: PATH,
    apiKey: CREDS.clientId,
    tokens: ims.tokens,
    retryAfterSeconds: 0,
  });
  token = await fetchToken(ims);
});
afterAll(async () => {
  await j.close();
  await ims.close();
});

// The way @adobe/aio-lib-events getEventsFromJournal consumes a journal (reference §10.3):
// GET with since/limit/latest, accept 200 and 204, parse Link rel=next and retry-after.
interface JournalResponse {
  events?: { position: string; event: EmailEvent }[];
  _page?: { last: string; count: number };
  link: { next?: string };
  retryAfter?: number;
}
async function getEventsFromJournal(
  journalUrl: string,
  opts: { since?: string; limit?: number; latest?: boolean } = {},
): Promise<JournalResponse> {
  const url = new URL(journalUrl);
  if (opts.since) url.searchParams.set('since', opts.since);
  if (opts.limit) url.searchParams.set('limit', String(opts.limit));
  if (opts.latest) url.searchParams.set('latest', 'true');
  const res = await fetch(url, {
    headers: { Authorization: `Bearer ${token}`, 'x-api-key': CREDS.clientId },
  });
  if (res.status !== 200 && res.status !== 204) throw new Error(`journal ${res.status}: ${await res.text()}`);
  const link: { next?: string } = {};
  for (const part of (res.headers.get('link') ?? '').split(',')) {
    const m = /<([^>]*)>\s*;\s*rel="?next"?/.exec(part);
    if (m?.[1]) link.next = new URL(m[1], url).toString();
  }
  const ra = res.headers.get('retry-after');
  const out: JournalResponse = { link, ...(ra === null ? {} : { retryAfter: Number(ra) }) };
  return res.status === 204 ? out : { ...((await res.json()) as object), ...out };
}

/** Poller: follow link.next, sleep retryAfter on an empty batch, stop after `maxEmpty` empty polls. */
async function drain(startUrl: string, maxEmpty = 1): Promise<{ events: EmailEvent[]; next: string }> {
  const events: EmailEvent[] = [];
  let url = startUrl;
  let empty = 0;
  for (;;) {
    const r = await getEventsFromJournal(url);
    if (!r.events || r.events.length === 0) {
      if (++empty >= maxEmpty) return { events, next: r.link.next ?? url };
      await new Promise((s) => setTimeout(s, (r.retryAfter ?? 0) * 1000));
    } else {
      events.push(...r.events.map((e) => e.event));
    }
    url = r.link.next ?? url;
  }
}

describe('delivery simulation', () => {
  it('is reproducible from a seed and follows the modeled payload', () => {
    const spec = {
      seed: 42,
      profiles,
      startAt: Date.UTC(2026, 0, 1),
      openRate: 0.6,
      clickRate: 0.5,
      bounceRate: 0.2,
      hardBounceShare: 0.5,
    };
    const a = simulateDelivery(spec);
    expect(simulateDelivery(spec)).toEqual(a);
    expect(simulateDelivery({ ...spec, seed: 43 })).not.toEqual(a);
    expect(a.filter((e) => e.type === 'send')).toHaveLength(40);
    expect(new Set(a.map((e) => e.id)).size).toBe(a.length);
    for (const e of a) {
      expect(Object.keys(e).sort()).toEqual(
        [
          'campaign',
          'delivery',
          'id',
          'profile',
          'timestamp',
          'type',
          ...(e.type === 'click' ? ['url'] : []),
          ...(e.type === 'bounce' ? ['bounce'] : []),
        ].sort(),
      );
      expect(e.timestamp).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    }
    const bounces = a.filter((e) => e.type === 'bounce');
    expect(
      bounces.some((e) => e.bounce?.type === 'hard') && bounces.some((e) => e.bounce?.type === 'soft'),
    ).toBe(true);
    expect(a.some((e) => e.type === 'click' && typeof e.url === 'string')).toBe(true);
    // No open/click for a profile that bounced.
    const bounced = new Set(bounces.map((e) => e.profile.PKey));
    expect(a.filter((e) => (e.type === 'open' || e.type === 'click') && bounced.has(e.profile.PKey))).toEqual(
      [],
    );
  });
});

describe('journal API', () => {
  it('requires bearer and x-api-key', async () => {
    expect((await fetch(j.journalUrl, { headers: { 'x-api-key': CREDS.clientId } })).status).toBe(401);
    expect(
      (await fetch(j.journalUrl, { headers: { Authorization: `Bearer ${token}`, 'x-api-key': 'x' } })).status,
    ).toBe(403);
  });

  it('answers 204 with Link rel=next and retry-after when empty, then pages events forward', async () => {
    const empty = await fetch(j.journalUrl, {
      headers: { Authorization: `Bearer ${token}`, 'x-api-key': CREDS.clientId },
    });
    expect(empty.status).toBe(204);
    expect(empty.headers.get('retry-after')).toBe('0');
    expect(empty.headers.get('link')).toBe(`<${j.journalUrl}>; rel="next"`);
    expect(await empty.text()).toBe('');

    const ctl = await fetch(`${j.url}/_sandbox/deliveries`, {
      method: 'POST',
      body: JSON.stringify({ seed: 7, profiles, openRate: 0.5, clickRate: 0.5 }),
    });
    expect(ctl.status).toBe(201);
    const { appended } = (await ctl.json()) as { appended: number };
    expect(appended).toBeGreaterThan(40);

    const first = await getEventsFromJournal(j.journalUrl, { limit: 10 });
    expect(first.events).toHaveLength(10);
    expect(first._page).toEqual({ last: first.events?.[9]?.position, count: 10 });
    expect(first.link.next).toBe(`${j.journalUrl}?since=${first._page?.last}&limit=10`);

    const all = await drain(`${j.journalUrl}?limit=7`);
    expect(all.events).toHaveLength(appended);
    expect(new Set(all.events.map((e) => e.id)).size).toBe(appended);

    // Resume after the end: nothing new, then new events arrive through the same next link.
    const caughtUp = await getEventsFromJournal(all.next);
    expect(caughtUp.events).toBeUndefined();
    j.deliver({ seed: 8, profiles: profiles.slice(0, 3), bounceRate: 0, openRate: 0 });
    const more = await drain(caughtUp.link.next ?? '');
    expect(more.events.map((e) => e.type)).toEqual(['send', 'send', 'send']);
  });

  it('latest=true jumps to the end', async () => {
    const r = await getEventsFromJournal(j.journalUrl, { latest: true });
    expect(r.events).toBeUndefined();
    expect(r.link.next).toBe(`${j.journalUrl}?since=${j.journal.latest}`);
    j.deliver({ seed: 9, profiles: profiles.slice(0, 1), bounceRate: 0, openRate: 0 });
    const after = await getEventsFromJournal(r.link.next ?? '');
    expect(after.events?.map((e) => e.event.id)).toEqual(['evt-DM109-0-send']);
  });

  it('rejects unknown positions (400) and expired positions (410) after the retention window', async () => {
    const bad = await fetch(`${j.journalUrl}?since=p-999999`, {
      headers: { Authorization: `Bearer ${token}`, 'x-api-key': CREDS.clientId },
    });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: string }).error).toBe('invalid_position');
    const old = await getEventsFromJournal(j.journalUrl, { limit: 1 });
    const oldPos = old._page?.last ?? '';
    clock.advance(7 * 24 * 3600 * 1000 + 1);
    // The old token expired with the clock jump (24 h lifetime): fetch a new one, as a real client would.
    token = await fetchToken(ims);
    j.deliver({ seed: 10, profiles: profiles.slice(0, 2), bounceRate: 0, openRate: 0 });
    expect(j.journal.size).toBe(2);
    const expired = await fetch(`${j.journalUrl}?since=${oldPos}`, {
      headers: { Authorization: `Bearer ${token}`, 'x-api-key': CREDS.clientId },
    });
    expect(expired.status).toBe(410);
    expect(((await expired.json()) as { error: string }).error).toBe('position_expired');
    // No parameter: answers from the oldest retained event.
    const oldest = await getEventsFromJournal(j.journalUrl);
    expect(oldest.events?.map((e) => e.event.id)).toEqual(['evt-DM110-0-send', 'evt-DM110-1-send']);
  });
});

describe('journal fault injection', () => {
  it('throttles with Retry-After and recovers when the rules are cleared', async () => {
    j.faults.setRules([{ stormRate: 1, stormLength: 2, retryAfterSeconds: 3 }]);
    const res = await fetch(j.journalUrl, {
      headers: { Authorization: `Bearer ${token}`, 'x-api-key': CREDS.clientId },
    });
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('3');
    j.faults.setRules([]);
    const ok = await fetch(j.journalUrl, {
      headers: { Authorization: `Bearer ${token}`, 'x-api-key': CREDS.clientId },
    });
    expect([200, 204]).toContain(ok.status);
  });
});
