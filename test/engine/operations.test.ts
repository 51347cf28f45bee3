import { afterEach, describe, expect, it } from 'vitest';
import { contactsFlow, eventsFlow, optoutFlow, profileTarget } from './fakes/flows.ts';
import { guid } from './fakes/dynamics.ts';
import { harness, type Harness } from './fakes/harness.ts';
import type { SqlStateStore } from '../../runtime/state/index.ts';

const P = profileTarget.path;
let h: Harness;
afterEach(async () => h?.state.close());

const contact = (h: Harness, n: number, over: Record<string, unknown> = {}) => {
  h.dynamics.put('contacts', 'contactid', {
    contactid: guid(n),
    emailaddress1: `u${n}@example.com`,
    firstname: `F${n}`,
    lastname: 'L',
    ...over,
  });
  return guid(n);
};

describe('plan, status and dead letters', () => {
  it('plan reports creates/updates/deletes/unchanged/rejected without writing anything', async () => {
    h = await harness();
    contact(h, 1);
    contact(h, 2);
    contact(h, 3, { emailaddress1: null });
    contact(h, 4, { firstname: 'BOOM' });
    const engine = h.engine([contactsFlow()]);
    const [p1] = await engine.plan();
    expect(p1).toMatchObject({
      flow: 'contacts',
      read: 'initial load (all rows)',
      counts: expect.objectContaining({ read: 4, create: 2, skip: 1, rejected: 1 }),
    });
    expect(p1?.samples.create[0]).toEqual({
      sourceId: guid(1),
      detail: expect.objectContaining({ email: 'u1@example.com' }),
    });
    expect(p1?.samples.rejected[0]?.detail).toMatch(/bad value for firstName/);
    expect(h.campaign.stats.requests).toBe(0);
    expect(await h.state.countLedger('contacts')).toBe(0);
    expect(await h.state.getCheckpoint('contacts', 'deltaLink')).toBeNull();

    await engine.runOnce({ mode: 'incremental' });
    contact(h, 1, { lastname: 'Changed' });
    contact(h, 2, { firstname: 'F2' }); // same values: unchanged
    h.dynamics.remove('contacts', guid(4));
    const calls = h.campaign.stats.requests;
    const engineCalls = h.campaign.stats.engineCalls;
    const [p2] = await engine.plan();
    expect(p2?.counts).toMatchObject({ update: 1, unchanged: 1, skip: 1 });
    // The sampled update reads its live record once (field by field before → after); nothing is written.
    expect(p2?.samples.update[0]).toEqual({
      sourceId: guid(1),
      detail: { changes: { lastName: { before: 'L', after: 'Changed' } } },
    });
    expect(h.campaign.stats.requests).toBe(calls + 1);
    expect(h.campaign.stats.engineCalls).toBe(engineCalls);
    // The real run still sees those changes (reading a delta link does not consume it).
    const r = await engine.runOnce({ mode: 'incremental' });
    expect(r.flows[0]?.counts).toMatchObject({ updated: 1, unchanged: 1 });
  });

  it('status shows status, backlog, last run and pending opt-outs', async () => {
    h = await harness();
    contact(h, 1, { lastname: 'REJECT', donotbulkemail: true });
    h.campaign.seed(P, { externalId: guid(1), denyListEmail: false });
    h.campaign.failWrite = (op) => (op === 'update' ? { status: 400, message: 'nope' } : null);
    const engine = h.engine([
      contactsFlow({ onlyOwnRecords: false }),
      optoutFlow({ direction: 'to-campaign' }),
    ]);
    expect((await engine.status())[0]).toMatchObject({ status: 'never run', backlog: 0, lastRun: null });
    await engine.runOnce({ mode: 'incremental' });
    const [contacts, optout] = await engine.status();
    expect(contacts).toMatchObject({ status: 'stopped', deadLetters: 1, backlog: 1 });
    expect(contacts?.lastRun?.counts).toMatchObject({ deadLettered: 1 });
    expect(optout).toMatchObject({
      backlog: 1,
      pendingOptouts: [expect.objectContaining({ field: 'denyListEmail', value: true })],
    });
  });

  it('dlq retry writes fixed records and removes their dead letters; still-failing ones stay with attempts + 1', async () => {
    h = await harness();
    const a = contact(h, 1, { lastname: 'REJECT' });
    const b = contact(h, 2, { lastname: 'REJECT2' });
    h.campaign.failWrite = (op, body) =>
      op === 'create' && String(body?.['lastName']).startsWith('REJECT')
        ? { status: 400, message: 'invalid' }
        : null;
    h.journal.push({
      id: 'e1',
      type: 'send',
      timestamp: '2024-01-01T00:00:00Z',
      profile: { PKey: '@1', externalId: a, email: 'x' },
      delivery: { id: 'D' },
      campaign: { id: 'C' },
    });
    h.dynamics.failWrite = () => ({ status: 400, error: 'contact missing' });
    const engine = h.engine([contactsFlow(), eventsFlow()]);
    await engine.runOnce({ mode: 'incremental' });
    expect((await engine.deadLetters()).map((d) => d.sourceId).sort()).toEqual([a, b, 'e1'].sort());

    h.campaign.failWrite = (op, body) =>
      op === 'create' && body?.['lastName'] === 'REJECT2' ? { status: 400, message: 'invalid' } : null;
    h.dynamics.failWrite = null;
    const r = await engine.retryDeadLetters();
    expect(r.flows.map((f) => f.flow)).toEqual(['contacts', 'email-events']);
    const left = await engine.deadLetters();
    expect(left).toEqual([expect.objectContaining({ sourceId: b, attempts: 2 })]);
    expect(h.campaign.all(P).map((x) => x['externalId'])).toEqual([a]);
    expect([...(h.dynamics.tables.get('ferry_emailsends')?.rows.values() ?? [])]).toHaveLength(1);
    expect((await h.state.listRuns('contacts', 1))[0]?.mode).toBe('dlq-retry');
  });

  it('skips a flow whose lease another worker holds (SQL state stores), runs it once released', async () => {
    h = await harness();
    contact(h, 1);
    const store = h.state as SqlStateStore;
    expect(await store.acquireLease('contacts', 'other-worker', 60_000)).not.toBeNull();
    const engine = h.engine([contactsFlow()]);
    const r1 = await engine.runOnce({ mode: 'incremental' });
    expect(r1.flows[0]).toMatchObject({ outcome: 'skipped' });
    expect(h.campaign.stats.requests).toBe(0);
    await store.releaseLease('contacts');
    const r2 = await engine.runOnce({ mode: 'incremental' });
    expect(r2.flows[0]).toMatchObject({ outcome: 'ok', counts: expect.objectContaining({ created: 1 }) });
  });
});
