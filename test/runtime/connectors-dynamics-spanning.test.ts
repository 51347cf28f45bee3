import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spanningIsCheaper } from '../../runtime/connectors/dynamics/spanning.ts';
import type { DynamicsWrite } from '../../runtime/ports.ts';
import type { DynamicsSide } from './connectors-dynamics-fixture.ts';
import { startDynamicsSide } from './connectors-dynamics-fixture.ts';

const guid = (n: number): string => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

let side: DynamicsSide;
beforeAll(async () => {
  side = await startDynamicsSide();
  side.dyn.store.upsert('contact', { contactid: guid(1), lastname: 'L1', statecode: 0 });
});
afterAll(async () => side?.close());

const routes = (): Record<string, number> => ({ ...side.dyn.counters.byRoute });
const diff = (before: Record<string, number>, route: string): number =>
  (side.dyn.counters.byRoute[route] ?? 0) - (before[route] ?? 0);

function eventWrites(n: number, sets: readonly string[], poison = -1): DynamicsWrite[] {
  return Array.from({ length: n }, (_, i) => {
    const set = sets[i % sets.length] as string;
    return {
      entitySet: set,
      key: `ferry_eventid='span-${n}-${i}'`,
      body: {
        subject: i === poison ? 'x'.repeat(500) : `Event ${i}`,
        // Singular table name: ferry_emailsends -> regardingobjectid_contact_ferry_emailsend.
        [`regardingobjectid_contact_${set.slice(0, -1)}@odata.bind`]: `/contacts(${guid(1)})`,
      },
      ref: `p${i}#activity`,
    };
  });
}

describe('one $batch spanning entity sets', () => {
  it('is chosen only when it needs fewer requests than one stream per set', () => {
    expect(spanningIsCheaper([600], 1000)).toBe(false);
    expect(spanningIsCheaper([300, 300, 300], 1000)).toBe(true);
    expect(spanningIsCheaper([1000, 1000], 1000)).toBe(false);
    expect(spanningIsCheaper([400, 400, 400], 1000)).toBe(true);
    expect(spanningIsCheaper([4, 4], 4)).toBe(false);
    expect(spanningIsCheaper([1, 1], 0)).toBe(false);
  });

  it('writes activities of three tables in one request; a poison record fails alone, nothing is split', async () => {
    // batchSize 4 in the fixture: 3 sets × 1 record = 3 requests per set, 1 request spanning them.
    const c = await side.connect();
    const writes = eventWrites(3, ['ferry_emailsends', 'ferry_emailopens', 'ferry_emailclicks'], 1);
    const before = routes();
    const results = await c.dynamics.upsert(writes);
    await c.close();
    expect(results.map((r) => r.ref)).toEqual(writes.map((w) => w.ref));
    expect(results.map((r) => r.ok)).toEqual([true, false, true]);
    expect(results[1]?.error).toMatch(/length/i);
    expect(diff(before, 'POST $batch')).toBe(1);
    expect(side.dyn.store.count('ferry_emailsend')).toBe(1);
    expect(side.dyn.store.count('ferry_emailclick')).toBe(1);
  });

  it('keeps UpsertMultiple per table when every table fills its own requests', async () => {
    const c = await side.connect();
    const writes = eventWrites(8, ['ferry_emailsends', 'ferry_emailopens']);
    const before = routes();
    const results = await c.dynamics.upsert(writes);
    await c.close();
    expect(results.every((r) => r.ok)).toBe(true);
    expect(diff(before, 'POST $batch')).toBe(0);
    expect(diff(before, 'POST ferry_emailsends') + diff(before, 'POST ferry_emailopens')).toBe(2);
  });
});
