import { afterEach, describe, expect, it } from 'vitest';
import type { Json } from '../../runtime/contract.ts';
import { flattenEvent } from '../../runtime/engine/events/flatten.ts';
import { followUpId, uuidV5 } from '../../runtime/engine/events/activity-id.ts';
import { parseTimestamp } from '../../core/time.ts';
import { eventsFlow } from './fakes/flows.ts';
import { guid } from './fakes/dynamics.ts';
import { harness, type Harness } from './fakes/harness.ts';

let h: Harness;
afterEach(async () => h?.state.close());

const C = guid(77);
function ev(id: string, type: string, extra: Record<string, Json> = {}, externalId: string = C): Json {
  return {
    id,
    type,
    timestamp: '2024-05-17 08:44:49.366Z',
    profile: { PKey: '@p1', externalId, email: 'ann@example.com' },
    delivery: { id: 'DM190', label: 'May newsletter', mirrorPageUrl: 'https://m/1' },
    campaign: { id: '2019LoyaltyCamp', label: 'Loyalty' },
    ...extra,
  };
}
const rows = (h: Harness, set: string) => [...(h.dynamics.tables.get(set)?.rows.values() ?? [])];

describe('events flow', () => {
  it('parses ISO and Campaign timestamps, flattens the modeled payload', () => {
    expect(parseTimestamp('2024-05-17 08:44:49.366Z')?.toISOString()).toBe('2024-05-17T08:44:49.366Z');
    expect(parseTimestamp('2024-05-17T08:44:49Z')?.toISOString()).toBe('2024-05-17T08:44:49.000Z');
    expect(parseTimestamp('2024-05-17T10:44:49+02:00')?.toISOString()).toBe('2024-05-17T08:44:49.000Z');
    expect(parseTimestamp('nope')).toBeNull();
    const e = flattenEvent(ev('e1', 'click', { url: 'https://x' }));
    expect(e).toMatchObject({
      eventId: 'e1',
      type: 'click',
      externalId: C,
      deliveryId: 'DM190',
      campaignId: '2019LoyaltyCamp',
      url: 'https://x',
      bounceType: null,
      mirrorPageUrl: 'https://m/1',
    });
    expect(() => flattenEvent({ id: 'x', type: 'weird', timestamp: '2024-01-01Z' })).toThrow(/unknown type/);
  });

  it('derives RFC 4122 v5 ids', () => {
    // Known vector: uuid v5 of "www.example.com" in the DNS namespace.
    expect(uuidV5('www.example.com', '6ba7b810-9dad-11d1-80b4-00c04fd430c8')).toBe(
      '2ed6657d-e927-568b-95e1-2665a8aea6a2',
    );
    expect(followUpId('f', 'click', 'e1')).toBe(followUpId('f', 'click', 'e1'));
    expect(followUpId('f', 'click', 'e1')).not.toBe(followUpId('f', 'click', 'e2'));
  });

  it('writes one activity per event with regarding bound; a replayed event is neither duplicated nor re-sent', async () => {
    h = await harness();
    h.journal.push(ev('e1', 'send'));
    h.journal.push(ev("o'1", 'open'));
    h.journal.push(ev('c1', 'click', { url: 'https://offer' }));
    const engine = h.engine([eventsFlow()]);
    const r = await engine.runOnce({ mode: 'incremental' });
    expect(r.ok).toBe(true);
    expect(rows(h, 'ferry_emailsends')).toEqual([
      expect.objectContaining({
        ferry_eventid: 'e1',
        subject: '2019LoyaltyCamp DM190',
        'regardingobjectid_contact_ferry_emailsend@odata.bind': `/contacts(${C})`,
      }),
    ]);
    expect(rows(h, 'ferry_emailopens')).toEqual([expect.objectContaining({ ferry_eventid: "o'1" })]);
    expect(h.dynamics.writes.find((w) => w.entitySet === 'ferry_emailopens')?.key).toBe(
      "ferry_eventid='o''1'",
    );
    expect(rows(h, 'tasks')).toEqual([
      expect.objectContaining({
        subject: 'Follow up: ann@example.com clicked https://offer',
        scheduledend: '2024-05-20T08:44:49.366Z',
      }),
    ]);
    expect(await h.state.getCheckpoint('email-events', 'position')).toBe('p-000003');

    const r2 = await engine.runOnce({ mode: 'replay' });
    // Same bodies: the ledger answers, no write is sent (events-ledger.test.ts covers the counts in depth).
    expect(r2.flows[0]?.counts).toMatchObject({ read: 3, unchanged: 4, updated: 0, created: 0 });
    expect(rows(h, 'ferry_emailsends')).toHaveLength(1);
    expect(rows(h, 'ferry_emailopens')).toHaveLength(1);
    expect(rows(h, 'tasks')).toHaveLength(1);
  });

  it('skips disabled types, soft bounces and profiles without externalId (counted with reasons); dead-letters a non-GUID externalId', async () => {
    h = await harness();
    h.journal.push(ev('b-hard', 'bounce', { bounce: { type: 'hard', reason: 'User unknown' } }));
    h.journal.push(ev('b-soft', 'bounce', { bounce: { type: 'soft', reason: 'Mailbox full' } }));
    h.journal.push(ev('s-noext', 'send', {}, ''));
    h.journal.push(ev('s-bad', 'send', {}, 'crm-42'));
    h.journal.push(ev('o1', 'open'));
    const flow = eventsFlow();
    const { open: _open, ...noOpen } = flow.types;
    const r = await h.engine([eventsFlow({ types: noOpen })]).runOnce({ mode: 'incremental' });
    expect(r.flows[0]?.counts).toMatchObject({
      read: 5,
      created: 1,
      skipped: 3,
      'skipped:soft bounce': 1,
      'skipped:profile has no externalId': 1,
      'skipped:open events disabled': 1,
      deadLettered: 1,
    });
    expect(rows(h, 'ferry_emailbounces')).toEqual([expect.objectContaining({ ferry_eventid: 'b-hard' })]);
    expect((await h.state.listDeadLetters('email-events'))[0]).toMatchObject({
      sourceId: 's-bad',
      reason: expect.stringMatching(/not a Dynamics GUID/),
    });
    expect(await h.state.getCheckpoint('email-events', 'position')).toBe('p-000005');
  });

  it('advances the position only after the batch is acknowledged', async () => {
    h = await harness();
    for (let i = 1; i <= 7; i++) h.journal.push(ev(`e${i}`, 'send'));
    const engine = h.engine([eventsFlow()], { options: { journalBatch: 3 } });
    h.dynamics.crashUpserts = 1;
    const r1 = await engine.runOnce({ mode: 'incremental' });
    expect(r1.flows[0]?.outcome).toBe('failed');
    expect(await h.state.getCheckpoint('email-events', 'position')).toBeNull();
    // Crash on the second batch: the first batch's position is kept, nothing after it.
    h.dynamics.crashUpserts = 0;
    let calls = 0;
    const orig = h.dynamics.upsert.bind(h.dynamics);
    h.dynamics.upsert = async (w) => {
      if (++calls === 2) throw new Error('killed');
      return orig(w);
    };
    await engine.runOnce({ mode: 'incremental' });
    expect(await h.state.getCheckpoint('email-events', 'position')).toBe('p-000003');
    h.dynamics.upsert = orig;
    const r3 = await engine.runOnce({ mode: 'incremental' });
    expect(r3.flows[0]?.outcome).toBe('ok');
    expect(await h.state.getCheckpoint('email-events', 'position')).toBe('p-000007');
    expect(rows(h, 'ferry_emailsends')).toHaveLength(7);
  });

  it('dead-letters records the API refuses with its message and writes the rest', async () => {
    h = await harness();
    h.journal.push(ev('e1', 'send'));
    h.journal.push(ev('e2', 'send'));
    h.dynamics.failWrite = (w) =>
      w.key.includes("'e1'") ? { status: 400, error: 'contact with id does not exist' } : null;
    const r = await h.engine([eventsFlow()]).runOnce({ mode: 'incremental' });
    expect(r.flows[0]?.counts).toMatchObject({ created: 1, deadLettered: 1 });
    expect((await h.state.listDeadLetters('email-events'))[0]).toMatchObject({
      sourceId: 'e1',
      reason: 'HTTP 400: contact with id does not exist',
    });
    expect(await h.state.getCheckpoint('email-events', 'position')).toBe('p-000002');
  });

  it('fails loudly on an expired position; --reset-position oldest|latest recovers', async () => {
    h = await harness();
    for (let i = 1; i <= 4; i++) h.journal.push(ev(`e${i}`, 'send'));
    const engine = h.engine([eventsFlow()]);
    await engine.runOnce({ mode: 'incremental' });
    for (let i = 5; i <= 8; i++) h.journal.push(ev(`e${i}`, 'send'));
    h.journal.retainedFrom = 6; // p-000004 and p-000005..6 expired
    const r = await engine.runOnce({ mode: 'incremental' });
    expect(r.flows[0]).toMatchObject({ outcome: 'failed', errorCode: 'FERRY_JOURNAL_POSITION_EXPIRED' });
    expect(r.flows[0]?.error).toMatch(/has expired, events after it were lost.*--reset-position oldest/);
    expect((await h.state.getStatus('email-events'))?.status).toBe('failed');

    const r2 = await engine.runOnce({ mode: 'incremental', resetPosition: 'oldest' });
    expect(r2.flows[0]?.outcome).toBe('ok');
    expect(
      rows(h, 'ferry_emailsends')
        .map((x) => x['ferry_eventid'])
        .sort(),
    ).toEqual(['e1', 'e2', 'e3', 'e4', 'e7', 'e8']);

    h.journal.push(ev('e9', 'send'));
    const r3 = await engine.runOnce({ mode: 'incremental', resetPosition: 'latest' });
    expect(r3.flows[0]?.counts).toMatchObject({ 'skipped:position reset to latest': 3, created: 0 });
    expect(await h.state.getCheckpoint('email-events', 'position')).toBe('p-000009');
  });
});
