import { afterEach, describe, expect, it } from 'vitest';
import type { Json } from '../../runtime/contract.ts';
import { eventsFlow } from './fakes/flows.ts';
import { guid } from './fakes/dynamics.ts';
import { harness, type Harness } from './fakes/harness.ts';
import { READ_AHEAD } from '../../runtime/engine/events/run.ts';

let h: Harness;
afterEach(async () => h?.state.close());

const send = (id: string): Json => ({
  id,
  type: 'send',
  timestamp: '2024-05-17T08:44:49Z',
  profile: { PKey: '@p1', externalId: guid(5), email: 'ann@example.com' },
  delivery: { id: 'DM1', label: 'May', mirrorPageUrl: 'https://m/1' },
  campaign: { id: 'C1', label: 'Loyalty' },
});

describe('events flow reads journal pages ahead while writing', () => {
  it('keeps the next pages read ahead of each write, and reads nothing past the end', async () => {
    h = await harness();
    for (let i = 1; i <= 13; i++) h.journal.push(send(`e${i}`));
    const readsAtWrite: number[] = [];
    const orig = h.dynamics.upsert.bind(h.dynamics);
    h.dynamics.upsert = async (w) => {
      readsAtWrite.push(h.journal.reads);
      return orig(w);
    };
    const r = await h
      .engine([eventsFlow()], { options: { journalBatch: 3 } })
      .runOnce({ mode: 'incremental' });
    expect(r.flows[0]?.outcome).toBe('ok');
    // Pages [1-3] [4-6] [7-9] [10-12] [13], then the empty read: 6 reads in all, each write READ_AHEAD pages behind.
    expect(readsAtWrite).toEqual([1, 2, 3, 4, 5].map((page) => Math.min(page + READ_AHEAD, 6)));
    expect(h.journal.reads).toBe(6);
    expect(h.dynamics.tables.get('ferry_emailsends')?.rows.size).toBe(13);
    expect(await h.state.getCheckpoint('email-events', 'position')).toBe('p-000013');
  });

  it('an event delivered again two pages later is classified after its first write is committed', async () => {
    h = await harness();
    for (let i = 1; i <= 6; i++) h.journal.push(send(`e${i}`));
    h.journal.push(send('e1'));
    for (let i = 7; i <= 8; i++) h.journal.push(send(`e${i}`));
    let writes = 0;
    const orig = h.dynamics.upsert.bind(h.dynamics);
    h.dynamics.upsert = async (w) => {
      writes += w.length;
      return orig(w);
    };
    const r = await h
      .engine([eventsFlow()], { options: { journalBatch: 3 } })
      .runOnce({ mode: 'incremental' });
    expect(r.flows[0]?.outcome).toBe('ok');
    expect(r.flows[0]?.counts).toMatchObject({ created: 8, unchanged: 1 });
    expect(writes).toBe(8);
    expect(h.dynamics.tables.get('ferry_emailsends')?.rows.size).toBe(8);
  });

  it('a failed write drops the page read ahead: the position stays at the last committed page', async () => {
    h = await harness();
    for (let i = 1; i <= 6; i++) h.journal.push(send(`e${i}`));
    let calls = 0;
    const orig = h.dynamics.upsert.bind(h.dynamics);
    h.dynamics.upsert = async (w) => {
      if (++calls === 2) throw new Error('killed');
      return orig(w);
    };
    const engine = h.engine([eventsFlow()], { options: { journalBatch: 2 } });
    expect((await engine.runOnce({ mode: 'incremental' })).flows[0]?.outcome).toBe('failed');
    expect(await h.state.getCheckpoint('email-events', 'position')).toBe('p-000002');
    h.dynamics.upsert = orig;
    expect((await engine.runOnce({ mode: 'incremental' })).flows[0]?.outcome).toBe('ok');
    expect(h.dynamics.tables.get('ferry_emailsends')?.rows.size).toBe(6);
    expect(await h.state.getCheckpoint('email-events', 'position')).toBe('p-000006');
  });
});
