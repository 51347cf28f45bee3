import { describe, expect, it } from 'vitest';
import { manualClock } from '../../emulators/common/clock.ts';
import { loadDynamicsSnapshot, Store } from '../../emulators/dynamics/index.ts';
import { SEEDED_TABLES, seedDynamics } from '../../emulators/seed/load.ts';
import { synthesizeRows } from '../../emulators/seed/synth-rows.ts';

async function seeded(seed: number): Promise<Store> {
  const snap = await loadDynamicsSnapshot('tenants/sandbox/metadata');
  const store = new Store(snap.metadata, manualClock());
  seedDynamics(store, { seed, contacts: 30 });
  synthesizeRows(store, { seed, rows: 25, skip: SEEDED_TABLES });
  return store;
}

describe('rows synthesized from attribute definitions', () => {
  it('fills every non-activity table the seed has no generator for, within lengths and option sets', async () => {
    const store = await seeded(7);
    expect(store.count('account')).toBe(25);
    expect(store.count('ferry_note')).toBe(25);
    expect(store.count('contact')).toBe(30);
    expect(store.count('task')).toBe(0);
    for (const name of ['account', 'ferry_note', 'systemuser']) {
      const e = store.entity(name);
      for (const row of store.table(name)?.rows.values() ?? [])
        for (const [col, v] of Object.entries(row)) {
          const a = e?.attributes.get(col);
          if (!a || v === null) continue;
          if (typeof v === 'string' && a.maxLength !== undefined)
            expect(v.length).toBeLessThanOrEqual(a.maxLength);
          if (a.options && a.type !== 'Edm.Boolean' && typeof v === 'number')
            expect(a.options.map((o) => o.value)).toContain(v);
        }
    }
  });

  it('points lookups at existing rows of the target table', async () => {
    const store = await seeded(7);
    const owners = [...(store.table('account')?.rows.values() ?? [])].map((r) => r['_ownerid_value']);
    const set = owners.filter((v): v is string => typeof v === 'string');
    expect(set.length).toBeGreaterThan(10);
    for (const id of set) expect(store.get('systemuser', id) ?? store.get('team', id)).toBeDefined();
  });

  it('is deterministic for one seed', async () => {
    const a = await seeded(3);
    const b = await seeded(3);
    const strip = (s: Store) =>
      [...(s.table('account')?.rows.values() ?? [])].map(({ versionnumber: _v, ...r }) => r);
    expect(strip(a)).toEqual(strip(b));
  });
});
