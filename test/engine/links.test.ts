import { afterEach, describe, expect, it } from 'vitest';
import { contactsFlow, vehiclesFlow, vehicleTarget, profileTarget } from './fakes/flows.ts';
import { guid } from './fakes/dynamics.ts';
import { harness, type Harness } from './fakes/harness.ts';
import { ORPHAN_BACKOFF_MS } from '../../runtime/engine/entity/parked.ts';
import type { SqlStateStore } from '../../runtime/state/index.ts';

let h: Harness;
afterEach(async () => h?.state.close());

describe('linked entities (parents first, orphans parked and retried)', () => {
  it('writes the child with the parent PKey when the parent flow ran first in the same run', async () => {
    h = await harness();
    const c = guid(1);
    h.dynamics.put('contacts', 'contactid', { contactid: c, emailaddress1: 'a@example.com' });
    h.dynamics.put('new_vehicles', 'new_vehicleid', {
      new_vehicleid: guid(2),
      new_plate: 'AB-123',
      _new_contactid_value: c,
    });
    const r = await h.engine([contactsFlow(), vehiclesFlow()]).runOnce({ mode: 'incremental' });
    expect(r.ok).toBe(true);
    const parent = h.campaign.all(profileTarget.path)[0];
    expect(h.campaign.all(vehicleTarget.path)).toEqual([
      expect.objectContaining({ cusPlate: 'AB-123', cusCrmId: guid(2), cusProfile: { PKey: parent?.PKey } }),
    ]);
  });

  it('parks a child whose parent is missing and writes it at the start of a later run, before new changes', async () => {
    h = await harness();
    const c = guid(1);
    const v = guid(2);
    h.dynamics.put('contacts', 'contactid', { contactid: c, emailaddress1: null }); // parent filtered out: not in Campaign
    h.dynamics.put('new_vehicles', 'new_vehicleid', {
      new_vehicleid: v,
      new_plate: 'AB-123',
      _new_contactid_value: c,
    });
    const engine = h.engine([contactsFlow(), vehiclesFlow()]);
    const r1 = await engine.runOnce({ mode: 'incremental' });
    expect(r1.flows[1]?.counts).toMatchObject({ deadLettered: 1, 'deadLettered:FERRY_PARENT_MISSING': 1 });
    const [parked] = await h.state.listDeadLetters('vehicles');
    expect(parked?.reason).toMatch(/^parent-missing: link cusProfile needs contacts record/);
    expect(h.campaign.all(vehicleTarget.path)).toHaveLength(0);

    // Still missing: the child waits for its parent (no Campaign call for it), stays parked, never lost.
    const waitFrom = h.campaign.calls.length;
    const r2 = await engine.runOnce({ mode: 'incremental' });
    expect(r2.flows[1]?.counts['deadLettered'] ?? 0).toBe(0);
    expect(h.campaign.calls.slice(waitFrom).filter((x) => x.path === vehicleTarget.path)).toEqual([]);
    expect((await h.state.listDeadLetters('vehicles'))[0]?.attempts).toBe(1);

    // Its next retry time is stored: one backoff after the failure.
    const first = (await h.state.listDeadLetters('vehicles'))[0];
    expect(Date.parse(first?.nextRetryAt ?? '') - Date.parse(first?.lastAttemptAt ?? '')).toBe(
      ORPHAN_BACKOFF_MS,
    );
    // Once its backoff is over it is tried again on its own (the parent may come from elsewhere): attempts 2.
    const past = new Date(Date.now() - ORPHAN_BACKOFF_MS - 1).toISOString();
    await (h.state as SqlStateStore).db.run(
      'UPDATE ferry_dead_letters SET last_attempt_at = ?, next_retry_at = ?',
      [past, past],
    );
    const r2b = await engine.runOnce({ mode: 'incremental' });
    expect(r2b.flows[1]?.counts['deadLettered']).toBe(1);
    const again = await h.state.listDeadLetters('vehicles');
    expect(again).toHaveLength(1);
    expect(again[0]?.attempts).toBe(2);
    // The next wait is twice as long: an immediate pass leaves it alone again.
    const r2c = await engine.runOnce({ mode: 'incremental' });
    expect(r2c.flows[1]?.counts['deadLettered'] ?? 0).toBe(0);

    // The parent arrives and is written: the parked child is retried at once, before new changes.

    h.dynamics.put('contacts', 'contactid', { contactid: c, emailaddress1: 'a@example.com' });
    const before = h.campaign.calls.length;
    const r3 = await engine.runOnce({ mode: 'incremental' });
    expect(r3.ok).toBe(true);
    expect(h.campaign.all(vehicleTarget.path)).toEqual([
      expect.objectContaining({
        cusCrmId: v,
        cusProfile: { PKey: h.campaign.all(profileTarget.path)[0]?.PKey },
      }),
    ]);
    expect(await h.state.countDeadLetters('vehicles')).toBe(0);
    const vehicleCalls = h.campaign.calls.slice(before).filter((x) => x.path === vehicleTarget.path);
    expect(vehicleCalls.map((x) => x.op)).toEqual(['find', 'create']);
  });

  it('a newer version of a parked child supersedes it; a delete drops it', async () => {
    h = await harness();
    const c = guid(1);
    const v = guid(2);
    h.dynamics.put('new_vehicles', 'new_vehicleid', {
      new_vehicleid: v,
      new_plate: 'OLD',
      _new_contactid_value: c,
    });
    const engine = h.engine([contactsFlow(), vehiclesFlow()]);
    await engine.runOnce({ mode: 'incremental' });
    expect(await h.state.countDeadLetters('vehicles')).toBe(1);
    h.dynamics.remove('new_vehicles', v);
    h.dynamics.put('contacts', 'contactid', { contactid: c, emailaddress1: 'a@example.com' });
    await engine.runOnce({ mode: 'incremental' });
    // The parked retry wrote OLD first (retried before new changes), then the delete removed it.
    expect(h.campaign.all(vehicleTarget.path)).toHaveLength(0);
    expect(await h.state.countDeadLetters('vehicles')).toBe(0);
  });
});
