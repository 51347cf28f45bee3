// Events-flow ledger growth: entries older than the retention horizon go; events the journal still holds stay known.
import { afterEach, describe, expect, it } from 'vitest';
import type { Json } from '../../runtime/contract.ts';
import { EVENTS_LEDGER_RETENTION_DAYS, PRUNE_EVERY_MS } from '../../runtime/engine/events/prune.ts';
import { openStateStore } from '../../runtime/state/index.ts';
import type { LedgerEntry, StateStore } from '../../runtime/state/port.ts';
import { eventsFlow } from './fakes/flows.ts';
import { guid } from './fakes/dynamics.ts';
import { harness, type Harness } from './fakes/harness.ts';

const DAY = 86_400_000;
let h: Harness | undefined;
afterEach(async () => h?.state.close());

const ev = (id: string): Json => ({
  id,
  type: 'send',
  timestamp: '2026-01-01T00:00:00Z',
  profile: { PKey: '@p', externalId: guid(5) },
  delivery: { id: 'D' },
  campaign: { id: 'C' },
});
const entry = (flow: string, sourceId: string, syncedAt: string): LedgerEntry => ({
  flow,
  sourceId,
  targetKey: sourceId,
  hash: 'h',
  createdByFerry: true,
  matched: true,
  syncedAt,
});

function pruneContract(open: () => Promise<StateStore>): void {
  it("pruneLedger deletes only the flow's entries synced before the horizon", async () => {
    const s = await open();
    try {
      await s.putLedger([
        entry('ev', 'old', '2026-01-01T00:00:00.000Z'),
        entry('ev', 'edge', '2026-02-01T00:00:00.000Z'),
        entry('ev', 'new', '2026-02-02T00:00:00.000Z'),
        entry('other', 'old', '2026-01-01T00:00:00.000Z'),
      ]);
      expect(await s.pruneLedger?.('ev', '2026-02-01T00:00:00.000Z')).toBe(1);
      expect([...(await s.getLedger('ev', ['old', 'edge', 'new'])).keys()].sort()).toEqual(['edge', 'new']);
      expect(await s.countLedger('other')).toBe(1);
      expect(await s.pruneLedger?.('ev', '2026-01-01T00:00:00.000Z')).toBe(0);
    } finally {
      await s.close();
    }
  });
}

describe('events ledger pruning', () => {
  describe('SQLite', () => pruneContract(() => openStateStore('sqlite::memory:', process.cwd())));
  const pg = process.env['FERRY_TEST_POSTGRES_URL'];
  if (pg === undefined) describe.skip('PostgreSQL (set FERRY_TEST_POSTGRES_URL to run)', () => undefined);
  else
    describe('PostgreSQL', () =>
      pruneContract(async () => {
        const s = await openStateStore(pg, process.cwd());
        await s.db.run("DELETE FROM ferry_ledger WHERE flow IN ('ev', 'other')");
        return s;
      }));

  it('the retention horizon outlives the 7-day journal retention', () => {
    expect(EVENTS_LEDGER_RETENTION_DAYS).toBeGreaterThan(7);
  });

  it('a run drops entries older than the horizon, keeps replayable ones, and prunes at most every few hours', async () => {
    h = await harness();
    let t = Date.parse('2026-01-01T00:00:00.000Z');
    const engine = h.engine([eventsFlow()], { options: { now: () => new Date(t) } });
    const calls: string[] = [];
    const prune = h.state.pruneLedger?.bind(h.state);
    if (prune === undefined) throw new Error('SQL store prunes');
    h.state.pruneLedger = async (flow, before) => (calls.push(before), prune(flow, before));

    h.journal.push(ev('old'));
    await engine.runOnce({ mode: 'incremental' });
    // Eight days later: past the journal's retention, well inside the ledger's.
    t += 8 * DAY;
    h.journal.push(ev('recent'));
    const r1 = await engine.runOnce({ mode: 'incremental' });
    expect(r1.flows[0]?.counts['ledgerPruned']).toBeUndefined();
    expect(await h.state.countLedger('email-events')).toBe(2);
    t += PRUNE_EVERY_MS - 1;
    await engine.runOnce({ mode: 'incremental' });
    expect(calls).toHaveLength(2); // the run at +8 days pruned; this one, under PRUNE_EVERY_MS later, did not

    t += (EVENTS_LEDGER_RETENTION_DAYS - 8) * DAY;
    const r2 = await engine.runOnce({ mode: 'incremental' });
    expect(r2.flows[0]?.counts).toMatchObject({ ledgerPruned: 1 });
    expect(calls.at(-1)).toBe(new Date(t - EVENTS_LEDGER_RETENTION_DAYS * DAY).toISOString());
    expect([...(await h.state.getLedger('email-events', ['old', 'recent'])).keys()]).toEqual(['recent']);
  });

  it('a store without pruneLedger still runs the flow', async () => {
    h = await harness();
    Object.defineProperty(h.state, 'pruneLedger', { value: undefined });
    h.journal.push(ev('e1'));
    const r = await h.engine([eventsFlow()]).runOnce({ mode: 'incremental' });
    expect(r.flows[0]).toMatchObject({ outcome: 'ok', counts: expect.objectContaining({ created: 1 }) });
  });
});
