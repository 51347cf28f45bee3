// An entity run with a listing Campaign port: one call per write, lookups only where the index cannot answer.
import { afterEach, describe, expect, it } from 'vitest';
import { contactsFlow, profileTarget } from '../fakes/flows.ts';
import { putContact } from '../fakes/contacts.ts';
import { harness, type Harness } from '../fakes/harness.ts';
import { seedKnownProfiles, withListing } from '../fakes/listing.ts';

const P = profileTarget.path;
let h: Harness;
afterEach(async () => h?.state.close());

const contact = (h: Harness, n: number): string => putContact(h, n, 1000);

const ops = (h: Harness, op: string) => h.campaign.calls.filter((c) => c.op === op);

describe('entity flow with the key index', () => {
  it('initial load: one listing, then one POST per new record and one PATCH per differing one, no lookup', async () => {
    h = await harness();
    const listing = withListing(h);
    // 30 already in Campaign: 10 hold the values ferry would write, 20 differ.
    seedKnownProfiles(h);
    const r = await h.engine([contactsFlow({ onlyOwnRecords: false })]).runOnce({ mode: 'incremental' });
    expect(r.ok).toBe(true);
    expect(r.flows[0]?.counts).toMatchObject({
      created: 90,
      updated: 20,
      unchanged: 10,
      'keyIndex:listing': 1,
      'keyIndex:listingCalls': 1,
    });
    expect(listing.pages).toBe(1);
    expect(ops(h, 'find')).toHaveLength(0);
    expect(ops(h, 'create')).toHaveLength(90);
    expect(ops(h, 'update')).toHaveLength(20);
    expect(h.campaign.all(P)).toHaveLength(120);
    expect(h.campaign.all(P).filter((x) => x['lastName'] === 'Old')).toHaveLength(0);
  });

  it('replay: a pending intent the listing lacks is looked up, one it holds is not duplicated, a Campaign-side edit is named', async () => {
    h = await harness();
    withListing(h);
    const ids = Array.from({ length: 80 }, (_, i) => contact(h, i + 1));
    const engine = h.engine([contactsFlow()]);
    expect((await engine.runOnce({ mode: 'incremental' })).ok).toBe(true);
    // A crashed run wrote two intents: one create reached Campaign (the listing holds it), one did not.
    const crashed = contact(h, 81);
    const lost = contact(h, 82);
    const intent = (id: string) => ({
      flow: 'contacts',
      sourceId: id,
      targetKey: id,
      hash: '',
      createdByFerry: true,
      matched: true,
      syncedAt: new Date(0).toISOString(),
    });
    await h.state.putLedger([intent(crashed), intent(lost)]);
    h.campaign.seed(P, {
      externalId: crashed,
      email: 'user81@example.com',
      firstName: 'F81',
      lastName: 'L81',
      birthDate: '1980-01-01',
    });
    const edited = h.campaign.all(P).find((x) => x['externalId'] === ids[0]);
    if (edited === undefined) throw new Error('seeded profile missing');
    edited['firstName'] = 'Edited in Campaign';
    h.campaign.calls.length = 0;

    const r = await engine.runOnce({ mode: 'replay' });
    expect(r.ok).toBe(true);
    expect(r.flows[0]?.counts).toMatchObject({
      'keyIndex:listing': 1,
      'overwritten:firstName': 1,
      unchanged: 80,
    });
    expect(h.campaign.all(P).filter((x) => x['externalId'] === crashed)).toHaveLength(1);
    expect(h.campaign.all(P).filter((x) => x['externalId'] === lost)).toHaveLength(1);
    // Looked up: the pending intent the listing did not hold, and the edited record (to name the fields).
    expect(
      ops(h, 'find')
        .map((c) => c.key)
        .sort(),
    ).toEqual([lost, ids[0]].sort());
    expect(ops(h, 'create')).toHaveLength(1);
    expect(ops(h, 'update')).toHaveLength(1);
    expect(edited['firstName']).toBe('F1');
  });

  it('without a listing port, every write looks its record up first (as before)', async () => {
    h = await harness();
    for (let i = 1; i <= 60; i++) contact(h, i);
    const r = await h.engine([contactsFlow()]).runOnce({ mode: 'incremental' });
    expect(r.ok).toBe(true);
    expect(ops(h, 'find')).toHaveLength(60);
    expect(r.flows[0]?.counts['keyIndex:listing']).toBeUndefined();
  });
});
