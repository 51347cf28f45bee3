// A full re-read after an expired delta token writes only differences: records dead-lettered for what they
// hold (Campaign refused them, the transform failed) cost no Campaign call while their source row is unchanged.
import { afterEach, describe, expect, it } from 'vitest';
import { contactsFlow, profileTarget } from './fakes/flows.ts';
import { putContact } from './fakes/contacts.ts';
import { harness, type Harness } from './fakes/harness.ts';

const P = profileTarget.path;
let h: Harness;
afterEach(async () => h?.state.close());

const contact = (n: number, over: Record<string, unknown> = {}): string => putContact(h, n, 3000, over);

async function loadWithLetters() {
  for (let i = 1; i <= 80; i++) contact(i);
  const rejected = [contact(81, { lastname: 'REJECT' }), contact(82, { lastname: 'REJECT' })];
  const broken = contact(83, { firstname: 'BOOM' });
  h.campaign.failWrite = (op, body) =>
    op === 'create' && body?.['lastName'] === 'REJECT'
      ? { status: 400, message: 'lastName: invalid value' }
      : null;
  const engine = h.engine([contactsFlow()]);
  const r = await engine.runOnce({ mode: 'incremental' });
  expect(r.flows[0]?.counts).toMatchObject({ created: 80, deadLettered: 3 });
  return { engine, rejected, broken };
}

describe('full re-read and dead letters', () => {
  it('an unchanged dead-lettered row costs no lookup and no write on a re-read after an expired token', async () => {
    h = await harness();
    const { engine } = await loadWithLetters();
    const calls = h.campaign.stats.requests;
    h.dynamics.expiredBefore = Number.MAX_SAFE_INTEGER;
    const r = await engine.runOnce({ mode: 'incremental' });
    expect(r.flows[0]?.outcome).toBe('ok');
    expect(r.flows[0]?.counts).toMatchObject({
      read: 83,
      unchanged: 80,
      created: 0,
      deadLettered: 0,
      'skipped:dead letter, source unchanged': 3,
      engineCalls: 0,
    });
    expect(h.campaign.stats.requests).toBe(calls);
    // Still parked for an operator, and the sweep did not take them for rows deleted in Dynamics.
    expect(await h.state.listDeadLetters('contacts')).toHaveLength(3);
    expect(r.flows[0]?.counts['deleted'] ?? 0).toBe(0);
  });

  it('a dead-lettered row changed at the source is written by the re-read; replay still retries the rest', async () => {
    h = await harness();
    const { engine, rejected } = await loadWithLetters();
    h.dynamics.put('contacts', 'contactid', { contactid: rejected[0], lastname: 'Fixed' });
    h.dynamics.expiredBefore = Number.MAX_SAFE_INTEGER;
    const r = await engine.runOnce({ mode: 'incremental' });
    expect(r.flows[0]?.counts).toMatchObject({ created: 1, 'skipped:dead letter, source unchanged': 2 });
    expect(h.campaign.all(P).filter((p) => p['externalId'] === rejected[0])).toHaveLength(1);
    expect((await h.state.listDeadLetters('contacts')).map((d) => d.sourceId)).not.toContain(rejected[0]);
    // Replay re-sends every row on purpose, letters included.
    h.dynamics.expiredBefore = 0;
    const rp = await engine.runOnce({ mode: 'replay' });
    expect(rp.flows[0]?.counts).toMatchObject({ deadLettered: 2 });
    expect(rp.flows[0]?.counts['skipped:dead letter, source unchanged'] ?? 0).toBe(0);
  });
});
