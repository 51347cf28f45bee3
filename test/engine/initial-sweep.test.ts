// The end-of-read sweep (ledger rows not seen were deleted in Dynamics) scans the whole ledger: a first load
// into an empty ledger skips it, since every row it leaves is stamped with its own run; any other full read
// still sweeps.
import { afterEach, describe, expect, it } from 'vitest';
import { contactsFlow } from './fakes/flows.ts';
import { putContact } from './fakes/contacts.ts';
import { harness, type Harness } from './fakes/harness.ts';

let h: Harness;
afterEach(async () => h?.state.close());

const contact = (n: number): string => putContact(h, n, 5000);

/** Counts the ledger rows read through scanLedger (the sweep's cost). */
function countScans(): { rows: number } {
  const seen = { rows: 0 };
  const scan = h.state.scanLedger.bind(h.state);
  h.state.scanLedger = async function* (flow: string) {
    for await (const page of scan(flow)) {
      seen.rows += page.length;
      yield page;
    }
  };
  return seen;
}

describe('end-of-read sweep', () => {
  it('a first load into an empty ledger reads no ledger row back', async () => {
    h = await harness();
    for (let i = 1; i <= 30; i++) contact(i);
    const seen = countScans();
    const r = await h.engine([contactsFlow()]).runOnce({ mode: 'incremental' });
    expect(r.flows[0]?.counts).toMatchObject({ created: 30 });
    expect(seen.rows).toBe(0);
    expect(await h.state.getCheckpoint('contacts', 'deltaLink')).not.toBeNull();
  });

  it('a first load over an existing ledger (a crashed load, a reset checkpoint) still deletes what is gone', async () => {
    h = await harness();
    const ids = Array.from({ length: 10 }, (_, i) => contact(i + 1));
    const engine = h.engine([contactsFlow()]);
    expect((await engine.runOnce({ mode: 'incremental' })).flows[0]?.counts).toMatchObject({ created: 10 });
    await h.state.setCheckpoint('contacts', 'deltaLink', null);
    h.dynamics.remove('contacts', ids[3] as string);
    const seen = countScans();
    const r = await engine.runOnce({ mode: 'incremental' });
    expect(r.flows[0]?.outcome).toBe('ok');
    expect(r.flows[0]?.counts['deleted']).toBe(1);
    expect(seen.rows).toBeGreaterThanOrEqual(10);
    expect((await h.state.getLedger('contacts', [ids[3] as string])).size).toBe(0);
  });
});
