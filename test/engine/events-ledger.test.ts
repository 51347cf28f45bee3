// Events flow diff-only writes: the ledger tells created / updated / unchanged apart (Dynamics answers 204 to both).
import { afterEach, describe, expect, it } from 'vitest';
import type { EventsFlow, Json } from '../../runtime/contract.ts';
import { writeHash } from '../../runtime/engine/events/ledger.ts';
import { followUpId } from '../../runtime/engine/events/activity-id.ts';
import { eventsFlow } from './fakes/flows.ts';
import { guid } from './fakes/dynamics.ts';
import { harness, type Harness } from './fakes/harness.ts';

let h: Harness;
afterEach(async () => h?.state.close());

const C = guid(77);
const D = guid(78);
function ev(id: string, type: string, extra: Record<string, Json> = {}, externalId: string = C): Json {
  return {
    id,
    type,
    timestamp: '2024-05-17 08:44:49.366Z',
    profile: { PKey: '@p1', externalId, email: 'ann@example.com' },
    delivery: { id: 'DM190', label: 'May newsletter', mirrorPageUrl: 'https://m/1' },
    campaign: { id: 'Loyalty' },
    ...extra,
  };
}
const rows = (set: string) => [...(h.dynamics.tables.get(set)?.rows.values() ?? [])];
const counts = async (p: Promise<{ flows: readonly { counts: Readonly<Record<string, number>> }[] }>) =>
  (await p).flows[0]?.counts;
const ledger = async (ids: readonly string[]) => h.state.getLedger('email-events', ids);

/** The send type with a different subject, as after an edited mapping. */
function editedSends(): EventsFlow {
  const base = eventsFlow();
  const send = base.types.send;
  if (send === undefined) throw new Error('fixture has a send type');
  return eventsFlow({
    types: {
      ...base.types,
      send: { ...send, transform: (e) => ({ ...send.transform(e), subject: `v2 ${e.deliveryId}` }) },
    },
  });
}

describe('events flow ledger', () => {
  it('counts created, updated and unchanged from the ledger, not from the HTTP status', async () => {
    h = await harness();
    h.journal.push(ev('s1', 'send'));
    h.journal.push(ev('c1', 'click', { url: 'https://offer' }));
    h.journal.push(ev('s1', 'send')); // the journal delivered s1 twice in the same batch
    const engine = h.engine([eventsFlow()]);
    expect(await counts(engine.runOnce({ mode: 'incremental' }))).toMatchObject({
      read: 3,
      created: 3,
      updated: 0,
      unchanged: 1,
    });
    expect(h.dynamics.writes).toHaveLength(3);

    // Dynamics answers 204 for everything from now on: the counts must not depend on it.
    const orig = h.dynamics.upsert.bind(h.dynamics);
    h.dynamics.upsert = async (w) => (await orig(w)).map((r) => ({ ...r, status: r.ok ? 204 : r.status }));
    h.journal.push(ev('s2', 'send')); // new
    h.journal.push(ev('c1', 'click', { url: 'https://offer' })); // re-delivered, same body (activity + task)
    h.journal.push(ev('s1', 'send', {}, D)); // re-delivered with another contact: regarding changes
    const before = h.dynamics.writes.length;
    expect(await counts(engine.runOnce({ mode: 'incremental' }))).toMatchObject({
      read: 3,
      created: 1,
      updated: 1,
      unchanged: 2,
    });
    expect(
      h.dynamics.writes
        .slice(before)
        .map((w) => w.key)
        .sort(),
    ).toEqual(["ferry_eventid='s1'", "ferry_eventid='s2'"]);
    expect(rows('ferry_emailsends')).toHaveLength(2);
    expect(rows('tasks')).toHaveLength(1);

    // One entry per activity and per follow-up task, with the hash of what was written.
    const task = followUpId('email-events', 'click', 'c1');
    const l = await ledger(['s1', 's2', 'c1', `follow-up:${task}`]);
    expect(l.get('c1')).toMatchObject({
      targetKey: "ferry_emailclicks(ferry_eventid='c1')",
      createdByFerry: true,
      matched: true,
    });
    expect(l.get(`follow-up:${task}`)).toMatchObject({ targetKey: `tasks(${task})` });
    const lastS1 = h.dynamics.writes.filter((w) => w.key === "ferry_eventid='s1'").at(-1);
    expect(lastS1 && l.get('s1')?.hash).toBe(lastS1 && writeHash(lastS1));
  });

  it('replay from oldest: everything unchanged and zero Dynamics requests; a changed mapping updates only what differs', async () => {
    h = await harness();
    for (let i = 1; i <= 5; i++) h.journal.push(ev(`s${i}`, 'send'));
    h.journal.push(ev('c1', 'click', { url: 'https://offer' }));
    const engine = h.engine([eventsFlow()], { options: { journalBatch: 2 } });
    expect(await counts(engine.runOnce({ mode: 'incremental' }))).toMatchObject({
      created: 7,
      updated: 0,
      unchanged: 0,
    });

    const requests = h.dynamics.stats.requests;
    expect(await counts(engine.runOnce({ mode: 'replay' }))).toMatchObject({
      read: 6,
      created: 0,
      updated: 0,
      unchanged: 7,
    });
    expect(await counts(engine.runOnce({ mode: 'incremental', resetPosition: 'oldest' }))).toMatchObject({
      read: 6,
      unchanged: 7,
    });
    expect(h.dynamics.stats.requests).toBe(requests);
    expect(await h.state.getCheckpoint('email-events', 'position')).toBe('p-000006');

    const before = h.dynamics.writes.length;
    expect(await counts(h.engine([editedSends()]).runOnce({ mode: 'replay' }))).toMatchObject({
      created: 0,
      updated: 5,
      unchanged: 2,
    });
    expect(
      h.dynamics.writes
        .slice(before)
        .every((w) => w.entitySet === 'ferry_emailsends' && w.body['subject'] === 'v2 DM190'),
    ).toBe(true);
    expect(rows('ferry_emailsends')).toHaveLength(5);
    expect(await counts(h.engine([editedSends()]).runOnce({ mode: 'replay' }))).toMatchObject({
      updated: 0,
      unchanged: 7,
    });
  });

  it('reads the ledger per batch only (flat memory)', async () => {
    h = await harness();
    for (let i = 1; i <= 7; i++) h.journal.push(ev(`c${i}`, 'click'));
    const sizes: number[] = [];
    const get = h.state.getLedger.bind(h.state);
    h.state.getLedger = async (flow, ids) => (sizes.push(ids.length), get(flow, ids));
    await h.engine([eventsFlow()], { options: { journalBatch: 3 } }).runOnce({ mode: 'incremental' });
    expect(sizes).toEqual([6, 6, 2]); // activity + follow-up per event, one read per batch
  });

  it('the position and the ledger move only after the batch is acknowledged', async () => {
    h = await harness();
    for (let i = 1; i <= 3; i++) h.journal.push(ev(`s${i}`, 'send'));
    const engine = h.engine([eventsFlow()]);
    h.dynamics.crashUpserts = 1;
    expect((await engine.runOnce({ mode: 'incremental' })).flows[0]?.outcome).toBe('failed');
    expect(await h.state.getCheckpoint('email-events', 'position')).toBeNull();
    // No ledger entry yet, only the page's intent record: the three first writes, with their targets.
    expect((await ledger(['s1', 's2', 's3'])).size).toBe(0);
    const left = await h.state.listEventIntents('email-events');
    expect(left.map((i) => i.writes)).toEqual([
      ['s1', 's2', 's3'].map((id) => ({
        sourceId: id,
        targetKey: `ferry_emailsends(ferry_eventid='${id}')`,
      })),
    ]);
    // The next run turns it into intent rows (an empty hash never counts as unchanged) before it reads.
    const get = h.state.getLedger.bind(h.state);
    const seen: string[][] = [];
    h.state.getLedger = async (flow, ids) => {
      const got = await get(flow, ids);
      seen.push([...got.values()].map((e) => e.hash));
      return got;
    };
    const r = await counts(engine.runOnce({ mode: 'incremental' }));
    expect(seen[0]).toEqual(['', '', '']);
    expect(r).toMatchObject({ created: 0, updated: 3, unchanged: 0 });
    expect(await h.state.listEventIntents('email-events')).toEqual([]);
    expect(rows('ferry_emailsends')).toHaveLength(3);
    expect(await h.state.getCheckpoint('email-events', 'position')).toBe('p-000003');
    expect([...(await ledger(['s1', 's2', 's3'])).values()].every((e) => e.hash.length === 16)).toBe(true);
  });

  it('a crash between the writes and the checkpoint re-delivers the batch: updated, never duplicated', async () => {
    h = await harness();
    for (let i = 1; i <= 4; i++) h.journal.push(ev(`s${i}`, 'send'));
    h.journal.push(ev('c1', 'click', { url: 'https://offer' }));
    const engine = h.engine([eventsFlow()], { options: { journalBatch: 3 } });
    // The second batch is acknowledged by Dynamics, then the worker dies before its state transaction.
    const set = h.state.setCheckpoint.bind(h.state);
    let n = 0;
    h.state.setCheckpoint = async (flow, name, value) => {
      if (name === 'position' && ++n === 2) throw new Error('killed');
      return set(flow, name, value);
    };
    expect((await engine.runOnce({ mode: 'incremental' })).flows[0]?.outcome).toBe('failed');
    expect(await h.state.getCheckpoint('email-events', 'position')).toBe('p-000003');
    expect(rows('ferry_emailsends')).toHaveLength(4);

    const r = await counts(engine.runOnce({ mode: 'incremental' }));
    expect(r).toMatchObject({ read: 2, created: 0, updated: 3, unchanged: 0 });
    expect(
      rows('ferry_emailsends')
        .map((x) => x['ferry_eventid'])
        .sort(),
    ).toEqual(['s1', 's2', 's3', 's4']);
    expect(rows('ferry_emailclicks')).toHaveLength(1);
    expect(rows('tasks')).toHaveLength(1);
    expect(await h.state.getCheckpoint('email-events', 'position')).toBe('p-000005');
    expect(await counts(engine.runOnce({ mode: 'replay' }))).toMatchObject({
      created: 0,
      updated: 0,
      unchanged: 6,
    });
  });

  it('a refused write leaves no ledger entry; the dead-letter retry then counts created', async () => {
    h = await harness();
    h.journal.push(ev('s1', 'send'));
    h.dynamics.failWrite = () => ({ status: 400, error: 'contact with id does not exist' });
    const engine = h.engine([eventsFlow()]);
    expect(await counts(engine.runOnce({ mode: 'incremental' }))).toMatchObject({
      created: 0,
      deadLettered: 1,
    });
    expect((await ledger(['s1'])).size).toBe(0);
    expect(await h.state.listEventIntents('email-events')).toEqual([]);
    expect(await h.state.getCheckpoint('email-events', 'position')).toBe('p-000001');
    h.dynamics.failWrite = null;
    await engine.retryDeadLetters();
    expect(await engine.deadLetters()).toHaveLength(0);
    expect((await ledger(['s1'])).get('s1')?.hash).toHaveLength(16);
    expect(await counts(engine.runOnce({ mode: 'replay' }))).toMatchObject({ unchanged: 1, updated: 0 });
  });
});
