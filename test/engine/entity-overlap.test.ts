// Initial load pipelining: page N+1 is read while page N is written, consecutive chunks' writes overlap,
// yet at most one page is read ahead, concurrency stays bounded and the deltaLink follows every write.
import { afterEach, describe, expect, it } from 'vitest';
import type { CampaignTarget, TargetRecord } from '../../runtime/contract.ts';
import type { DynamicsPage } from '../../runtime/ports.ts';
import { contactsFlow, profileTarget } from './fakes/flows.ts';
import { guid } from './fakes/dynamics.ts';
import { harness, type Harness } from './fakes/harness.ts';

let h: Harness;
afterEach(async () => h?.state.close());

type Event =
  | { kind: 'request'; page: number }
  | { kind: 'start' | 'end'; page: number }
  | { kind: 'checkpoint'; acked: number };

/** `pages` pages of 100 contacts; records page requests and each create's start and end, by page. */
async function instrumented(
  pages = 3,
): Promise<{ events: Event[]; pageOf: Map<string, number>; inFlight: () => number }> {
  h = await harness();
  h.dynamics.pageSize = 100;
  const pageOf = new Map<string, number>();
  for (let i = 0; i < pages * 100; i++) {
    const id = guid(5000 + i);
    pageOf.set(id, Math.floor(i / 100) + 1);
    h.dynamics.put('contacts', 'contactid', {
      contactid: id,
      emailaddress1: `u${i}@example.com`,
      firstname: `F${i}`,
      lastname: `L${i}`,
      statecode: 0,
    });
  }
  const events: Event[] = [];
  const tracking = h.dynamics.startTracking.bind(h.dynamics);
  h.dynamics.startTracking = (q) =>
    (async function* (): AsyncGenerator<DynamicsPage> {
      const it = tracking(q)[Symbol.asyncIterator]();
      for (let page = 1; ; page++) {
        events.push({ kind: 'request', page });
        await new Promise((r) => setTimeout(r, 2)); // a page read takes time
        const r = await it.next();
        if (r.done === true) return;
        yield r.value;
      }
    })();
  let inFlight = 0;
  let acked = 0;
  const create = h.campaign.create.bind(h.campaign);
  h.campaign.create = async (target: CampaignTarget, body: TargetRecord) => {
    const page = pageOf.get(String(body['externalId'])) ?? 0;
    events.push({ kind: 'start', page });
    inFlight++;
    await new Promise((r) => setTimeout(r, 1 + (Number(String(body['externalId']).slice(-3)) % 3)));
    try {
      return await create(target, body);
    } finally {
      inFlight--;
      acked++;
      events.push({ kind: 'end', page });
    }
  };
  const setCheckpoint = h.state.setCheckpoint.bind(h.state);
  h.state.setCheckpoint = async (flow, name, value) => {
    if (name === 'deltaLink') events.push({ kind: 'checkpoint', acked });
    return setCheckpoint(flow, name, value);
  };
  return { events, pageOf, inFlight: () => inFlight };
}

const index = (events: Event[], pred: (e: Event) => boolean): number => events.findIndex(pred);
const lastIndex = (events: Event[], pred: (e: Event) => boolean): number =>
  events.length - 1 - [...events].reverse().findIndex(pred);

describe('entity initial load overlaps reading and writing', () => {
  it('requests page N+1 before page N is written, overlaps the writes of consecutive pages, and reads at most one page ahead', async () => {
    const { events } = await instrumented(4);
    const r = await h
      .engine([contactsFlow()], { options: { concurrency: 4 } })
      .runOnce({ mode: 'incremental' });
    expect(r.ok).toBe(true);
    expect(h.campaign.all(profileTarget.path)).toHaveLength(400);

    // Read-ahead: page 2 is requested before page 1's last write is acknowledged.
    expect(index(events, (e) => e.kind === 'request' && e.page === 2)).toBeLessThan(
      lastIndex(events, (e) => e.kind === 'end' && e.page === 1),
    );
    // Overlap: page 2's first write starts before page 1's last write ends (the pool does not drain).
    expect(index(events, (e) => e.kind === 'start' && e.page === 2)).toBeLessThan(
      lastIndex(events, (e) => e.kind === 'end' && e.page === 1),
    );
    // Bounded read-ahead: page N+2 is requested only once page N+1 is handed to the writer, which waits
    // for page N's writes: so page N's writes have started (an unbounded reader would fetch them all first).
    for (const p of [3, 4, 5]) {
      expect(index(events, (e) => e.kind === 'start' && e.page === p - 2)).toBeLessThan(
        index(events, (e) => e.kind === 'request' && e.page === p),
      );
    }
    // One bound for the flow, even with two chunks in flight.
    expect(h.campaign.maxInFlight).toBeLessThanOrEqual(4);
    expect(h.campaign.maxInFlight).toBeGreaterThan(1);
    // The deltaLink is stored once, after all 400 creates were acknowledged.
    expect(events.filter((e) => e.kind === 'checkpoint')).toEqual([{ kind: 'checkpoint', acked: 400 }]);
  });

  it('cancelled mid-load: no write outlives the run, no deltaLink, and the next run completes without duplicates', async () => {
    const { events, inFlight } = await instrumented();
    const ac = new AbortController();
    const engine = h.engine([contactsFlow()], { options: { concurrency: 4 } });
    const stop = setInterval(() => {
      if (events.some((e) => e.kind === 'start' && e.page === 2)) ac.abort();
    }, 1);
    await engine.runOnce({ mode: 'incremental', signal: ac.signal });
    clearInterval(stop);
    expect(ac.signal.aborted).toBe(true);
    expect(inFlight()).toBe(0);
    expect(await h.state.getCheckpoint('contacts', 'deltaLink')).toBeNull();
    const partial = h.campaign.all(profileTarget.path).length;
    expect(partial).toBeLessThan(300);

    const r = await engine.runOnce({ mode: 'incremental' });
    expect(r.ok).toBe(true);
    const keys = h.campaign.all(profileTarget.path).map((p) => p['externalId']);
    expect(keys).toHaveLength(300);
    expect(new Set(keys).size).toBe(300);
    expect(await h.state.getCheckpoint('contacts', 'deltaLink')).toMatch(/^delta:/);
  });
});
