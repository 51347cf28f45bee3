import { afterEach, describe, expect, it } from 'vitest';
import type { Json } from '../../runtime/contract.ts';
import { adobeRule, contactsFlow, optoutFlow, profileTarget, strictRule } from './fakes/flows.ts';
import { guid } from './fakes/dynamics.ts';
import { harness, type Harness } from './fakes/harness.ts';

const P = profileTarget.path;
let h: Harness;
afterEach(async () => h?.state.close());

function pair(h: Harness, n: number, dyn: boolean, cmp: boolean, campaignNewer: boolean): string {
  const id = guid(n);
  // Whichever side is written last is the newer one; a second apart, since times compare in whole seconds.
  const writeD = () => h.dynamics.put('contacts', 'contactid', { contactid: id, donotbulkemail: dyn });
  const writeC = () => h.campaign.seed(P, { externalId: id, denyListEmail: cmp } as Record<string, Json>);
  const [first, second] = campaignNewer ? [writeD, writeC] : [writeC, writeD];
  first();
  h.clock.advance(1000);
  second();
  h.clock.advance(1000);
  return id;
}
const dyn = (h: Harness, id: string) => h.dynamics.tables.get('contacts')?.rows.get(id)?.['donotbulkemail'];
const cmp = (h: Harness, id: string) =>
  h.campaign.all(P).find((r) => r['externalId'] === id)?.['denyListEmail'];

describe('opt-out flow', () => {
  it('adobe rule, both directions: newer Campaign wins; otherwise opt-out = true wins', async () => {
    h = await harness();
    const a = pair(h, 1, false, true, true); // Campaign newer true  -> true both
    const b = pair(h, 2, false, true, false); // Dynamics newer false -> true wins
    const c = pair(h, 3, true, false, true); // Campaign newer false -> false both
    const d = pair(h, 4, true, false, false); // Dynamics newer true  -> true
    const r = await h.engine([optoutFlow({ decide: adobeRule })]).runOnce({ mode: 'incremental' });
    expect(r.ok).toBe(true);
    expect([dyn(h, a), cmp(h, a)]).toEqual([true, true]);
    expect([dyn(h, b), cmp(h, b)]).toEqual([true, true]);
    expect([dyn(h, c), cmp(h, c)]).toEqual([false, false]);
    expect([dyn(h, d), cmp(h, d)]).toEqual([true, true]);
    const audit = await h.state.listAudit('optout', 100);
    expect(audit.find((x) => x.sourceId === c)).toMatchObject({
      pair: 'donotbulkemail=denyListEmail',
      dynamicsValue: true,
      campaignValue: false,
      decided: false,
      winner: 'campaign',
      reason: 'Campaign change is newer',
    });
    expect(audit.find((x) => x.sourceId === b)).toMatchObject({
      decided: true,
      winner: 'campaign',
      reason: 'Dynamics newer or tie: opt-out wins',
    });

    // Converged: the next run writes nothing.
    const writes = h.campaign.stats.engineCalls + h.dynamics.writes.length;
    await h.engine([optoutFlow()]).runOnce({ mode: 'incremental' });
    expect(h.campaign.stats.engineCalls + h.dynamics.writes.length).toBe(writes);
  });

  it('strict rule: an opt-out wins unless a newer explicit opt-in exists', async () => {
    h = await harness();
    const a = pair(h, 1, true, false, true); // newer Campaign opt-in -> false
    const b = pair(h, 2, false, true, false); // newer Dynamics opt-in -> false
    const c = pair(h, 3, true, false, false); // older opt-in -> true
    await h.engine([optoutFlow({ rule: 'strict', decide: strictRule })]).runOnce({ mode: 'incremental' });
    expect([dyn(h, a), cmp(h, a)]).toEqual([false, false]);
    expect([dyn(h, b), cmp(h, b)]).toEqual([false, false]);
    expect([dyn(h, c), cmp(h, c)]).toEqual([true, true]);
  });

  it('one-way directions write only the other side; off does nothing', async () => {
    h = await harness();
    const a = pair(h, 1, true, false, true);
    await h.engine([optoutFlow({ direction: 'to-campaign' })]).runOnce({ mode: 'incremental' });
    expect([dyn(h, a), cmp(h, a)]).toEqual([true, true]);
    expect(h.dynamics.writes).toHaveLength(0);

    await h.state.close();
    h = await harness();
    const b = pair(h, 1, true, false, false);
    await h.engine([optoutFlow({ direction: 'to-dynamics' })]).runOnce({ mode: 'incremental' });
    expect([dyn(h, b), cmp(h, b)]).toEqual([false, false]);
    expect(h.campaign.calls.filter((x) => x.op === 'update')).toHaveLength(0);

    await h.state.close();
    h = await harness();
    const c = pair(h, 1, true, false, false);
    const r = await h.engine([optoutFlow({ direction: 'off' })]).runOnce({ mode: 'incremental' });
    expect(r.flows[0]?.counts['read']).toBe(0);
    expect([dyn(h, c), cmp(h, c)]).toEqual([true, false]);
  });

  it('an opt-out that cannot be written goes to pending and is retried first on the next run', async () => {
    h = await harness();
    const a = pair(h, 1, true, false, false);
    h.campaign.failWrite = (op) => (op === 'update' ? { status: 400, message: 'profile locked' } : null);
    const engine = h.engine([optoutFlow({ direction: 'to-campaign' })]);
    const r1 = await engine.runOnce({ mode: 'incremental' });
    expect(r1.ok).toBe(false);
    expect(await h.state.listPendingOptouts('optout')).toEqual([
      expect.objectContaining({ sourceId: a, side: 'campaign', field: 'denyListEmail', value: true }),
    ]);
    expect(cmp(h, a)).toBe(false);

    h.campaign.failWrite = null;
    const before = h.campaign.calls.length;
    await engine.runOnce({ mode: 'incremental' });
    expect(
      h.campaign.calls
        .slice(before)
        .slice(0, 2)
        .map((x) => x.op),
    ).toEqual(['find', 'update']);
    expect(cmp(h, a)).toBe(true);
    expect(await h.state.listPendingOptouts('optout')).toEqual([]);
  });

  it('Dynamics-side failures are pending too; profiles without externalId are skipped with a reason', async () => {
    h = await harness();
    const a = pair(h, 1, false, true, true);
    h.campaign.seed(P, { email: 'anon@example.com', denyListEmail: true });
    h.dynamics.failWrite = () => ({ status: 412, error: 'record is read-only' });
    const engine = h.engine([optoutFlow({ direction: 'to-dynamics' })]);
    const r = await engine.runOnce({ mode: 'incremental' });
    expect(r.flows[0]?.counts).toMatchObject({ 'skipped:profile has no externalId': 1 });
    expect(await h.state.listPendingOptouts('optout')).toEqual([
      expect.objectContaining({ sourceId: a, side: 'dynamics', field: 'donotbulkemail', value: true }),
    ]);
    h.dynamics.failWrite = null;
    await engine.runOnce({ mode: 'incremental' });
    expect(dyn(h, a)).toBe(true);
    expect(await h.state.listPendingOptouts('optout')).toEqual([]);
  });

  it('an entity update never reverts a Campaign opt-out: fields owned by the opt-out flow are written on create only', async () => {
    h = await harness();
    const base = contactsFlow();
    const contacts = contactsFlow({
      select: [...base.select, 'donotbulkemail'],
      transform: (r) => ({ ...base.transform(r), denyListEmail: r['donotbulkemail'] === true }),
      hashFields: [...base.hashFields, 'denyListEmail'].sort(),
    });
    const id = guid(1);
    h.dynamics.put('contacts', 'contactid', {
      contactid: id,
      emailaddress1: 'a@example.com',
      donotbulkemail: false,
    });
    const engine = h.engine([contacts, optoutFlow()]);
    await engine.runOnce({ mode: 'incremental' });
    expect(cmp(h, id)).toBe(false);
    // The person opts out in Campaign; later an unrelated Dynamics edit happens.
    const rec = h.campaign.all(P).find((r) => r['externalId'] === id);
    if (rec === undefined) throw new Error('profile missing');
    await h.campaign.update(rec, { denyListEmail: true });
    h.dynamics.put('contacts', 'contactid', { contactid: id, lastname: 'Edited' });
    await engine.runOnce({ mode: 'incremental' });
    expect(cmp(h, id)).toBe(true);
    expect(dyn(h, id)).toBe(true);
    expect(h.campaign.all(P).find((r) => r['externalId'] === id)?.['lastName']).toBe('Edited');
  });

  it('a listing interrupted after its first (newest) page keeps the watermark, so older changes are not skipped', async () => {
    h = await harness();
    const ids = [1, 2, 3].map((n) => pair(h, n, false, false, true));
    const engine = h.engine([optoutFlow({ direction: 'to-dynamics' })]);
    await engine.runOnce({ mode: 'incremental' });
    const wm = await h.state.getCheckpoint('optout', 'watermark');
    for (const id of ids) {
      const rec = h.campaign.all(P).find((r) => r['externalId'] === id);
      if (rec) await h.campaign.update(rec, { denyListEmail: true });
    }
    h.campaign.pageSize = 1;
    h.campaign.failListingAfterPages = 1;
    const r1 = await engine.runOnce({ mode: 'incremental' });
    expect(r1.flows[0]?.outcome).toBe('failed');
    expect(await h.state.getCheckpoint('optout', 'watermark')).toBe(wm);
    expect(ids.map((id) => dyn(h, id))).toEqual([false, false, true]); // only the newest was seen
    await engine.runOnce({ mode: 'incremental' });
    expect(ids.map((id) => dyn(h, id))).toEqual([true, true, true]);
  });
});
