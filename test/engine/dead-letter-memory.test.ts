// A run reads the dead letters of the records it touches, not the flow's every letter with its payload:
// memory follows the page, not the dead-letter table.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { contactsFlow } from './fakes/flows.ts';
import { contactRow } from './fakes/contacts.ts';
import { guid } from './fakes/dynamics.ts';
import { harness, type Harness } from './fakes/harness.ts';

let h: Harness;
afterEach(async () => h?.state.close());

const contact = (n: number, lastname = `L${n}`) => contactRow(n, 5000, { lastname });

/** A letter of contact n waiting for an operator, with a sizeable payload. */
const addLetter = (n: number) =>
  h.state.addDeadLetter({
    flow: 'contacts',
    sourceId: guid(5000 + n),
    payload: { kind: 'row', row: { ...contact(n), note: 'x'.repeat(200) } },
    reason: 'lastName: invalid value',
    code: 'FERRY_CAMPAIGN_REJECTED',
  });

describe('dead letters during a run', () => {
  it('a delta run over a flow with many letters reads only the letters of its own records', async () => {
    h = await harness();
    for (let i = 1; i <= 5; i++) h.dynamics.put('contacts', 'contactid', contact(i));
    const engine = h.engine([contactsFlow()]);
    expect((await engine.runOnce({ mode: 'incremental' })).flows[0]?.counts).toMatchObject({ created: 5 });
    // Letters of other records, waiting for an operator, each with a sizeable payload.
    const many = 1200;
    for (let i = 100; i < 100 + many; i++) await addLetter(i);
    // One of them is fixed at the source: its write must still remove its letter.
    h.dynamics.put('contacts', 'contactid', contact(100, 'Fixed'));
    h.dynamics.put('contacts', 'contactid', contact(1, 'Changed'));
    const list = vi.spyOn(h.state, 'listDeadLetters');
    const r = await engine.runOnce({ mode: 'incremental' });
    expect(r.flows[0]?.outcome).toBe('ok');
    expect(r.flows[0]?.counts).toMatchObject({ created: 1, updated: 1 });
    const read = await Promise.all(list.mock.results.map((x) => x.value as Promise<readonly unknown[]>));
    list.mockRestore();
    expect(read.reduce((n, letters) => n + letters.length, 0)).toBeLessThanOrEqual(2);
    const left = await h.state.listDeadLetters('contacts');
    expect(left).toHaveLength(many - 1);
    expect(left.map((d) => d.sourceId)).not.toContain(guid(5100));
  });

  it('an operator retry of a whole flow reads its letters a page at a time and retries every one', async () => {
    h = await harness();
    const many = 1200;
    for (let i = 1; i <= many; i++) {
      // Fixed at the source since it was dead-lettered: the retry re-reads it and writes it.
      h.dynamics.put('contacts', 'contactid', contact(i));
      await addLetter(i);
    }
    const engine = h.engine([contactsFlow()]);
    const list = vi.spyOn(h.state, 'listDeadLetters');
    const r = await engine.retryDeadLetters({ flows: ['contacts'] });
    const read = await Promise.all(list.mock.results.map((x) => x.value as Promise<readonly unknown[]>));
    list.mockRestore();
    expect(r.flows[0]?.outcome).toBe('ok');
    expect(r.flows[0]?.counts).toMatchObject({ created: many });
    // Three pages of at most 500 letters, never the whole table at once.
    expect(Math.max(...read.map((letters) => letters.length))).toBeLessThanOrEqual(500);
    expect(read.reduce((n, letters) => n + letters.length, 0)).toBeGreaterThanOrEqual(many);
    expect(await h.state.listDeadLetters('contacts')).toHaveLength(0);
  });
});
