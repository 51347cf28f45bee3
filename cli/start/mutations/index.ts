// Step 4: what outside users do between two syncs, applied straight to the emulators' stores.
// Times are staged on the emulators' clock so the opt-out conflict rule has both orders to decide:
// Dynamics edits, then Campaign edits, then later Dynamics edits of some of the same people.
import type { Sandbox } from '../../../emulators/sandbox/index.ts';
import type { ManualClock } from '../../../emulators/common/clock.ts';
import { Rng } from '../../../emulators/common/prng.ts';
import type { Snapshot, SourceRow } from '../snapshot.ts';
import { editContacts, editVehicles } from './dynamics.ts';
import { idOf, Pools } from './pools.ts';

const STEP_MS = 5_000;

export type MutationSummary = Readonly<Record<string, number>>;

export interface MutationInput {
  readonly sandbox: Sandbox;
  readonly clock: ManualClock;
  readonly seed: number;
  /** Taken before the first pass: tells profiles ferry created from pre-existing ones. */
  readonly before: Snapshot;
  /** Taken after the first pass. */
  readonly after: Snapshot;
}

export function applyMutations(m: MutationInput): MutationSummary {
  const { sandbox, clock } = m;
  const ds = sandbox.dynamics.store;
  const cs = sandbox.campaign.store;
  const p = new Pools(new Rng(`${m.seed}:ferry-start`), sandbox, m.before, m.after);
  const k = p.k;

  // Users edit a while after the sync (Dynamics stamps whole seconds).
  clock.advance(STEP_MS);
  editContacts(p, ds);
  editVehicles(p, ds);
  for (const c of [...p.take(p.owned, k), ...p.take(p.foreign, k)]) {
    ds.upsert('contact', { contactid: idOf(c), donotemail: c['donotemail'] !== true });
    p.count('Dynamics: opt-outs flipped (donotemail)');
  }

  clock.advance(STEP_MS);
  const patch = (c: SourceRow, fields: Record<string, boolean>): boolean => {
    const row = cs.table('profile').get(p.profileOf(idOf(c))?.pkey ?? '');
    return row !== undefined && cs.patch('profile', row, fields);
  };
  const late = [...p.take(p.owned, k), ...p.take(p.foreign, k)];
  for (const c of late)
    if (patch(c, { denyListEmail: true }))
      p.count('Campaign: opt-outs (denyListEmail), Dynamics edits later');
  for (const c of p.take(p.owned, k))
    if (patch(c, { denyListPhone: true })) p.count('Campaign: opt-outs (denyListPhone)');
  for (const c of p.take(p.foreign, k, (x) => p.profileOf(idOf(x))?.fields['denyListEmail'] === true)) {
    if (patch(c, { denyListEmail: false })) p.count('Campaign: opt-ins (denyListEmail)');
  }

  clock.advance(STEP_MS);
  for (const c of late) {
    // Record-level change time: this edit makes Dynamics newer, and its `false` must not clear Campaign's `true`.
    ds.upsert('contact', { contactid: idOf(c), donotbulkemail: false, telephone1: '+44 20 7946 0999' });
    p.count('Dynamics: contacts edited after a Campaign opt-out (donotbulkemail false)');
  }
  for (const c of p.take(p.foreign, k, (x) => x['donotphone'] !== true)) {
    ds.upsert('contact', { contactid: idOf(c), donotphone: true });
    p.count('Dynamics: opt-outs (donotphone)');
  }
  p.count('Journal: events of a second delivery', secondDelivery(m, p));
  return p.done();
}

/** Ferry-created and pre-existing profiles, and profiles without externalId, of contacts that still exist. */
function secondDelivery(m: MutationInput, p: Pools): number {
  const ds = m.sandbox.dynamics.store;
  const targets = [...m.sandbox.campaign.store.table('profile').scan()].filter((r) => {
    const ext = r.fields['externalId'];
    return (
      typeof r.fields['email'] === 'string' &&
      (typeof ext !== 'string' || ds.get('contact', ext) !== undefined)
    );
  });
  const chosen = p.shuffle(targets).slice(0, Math.max(20, Math.round(targets.length * 0.3)));
  const profiles = chosen.map((r) => ({
    PKey: r.pkey,
    externalId: typeof r.fields['externalId'] === 'string' ? r.fields['externalId'] : '',
    email: String(r.fields['email']),
  }));
  const delivery = { id: 'DM202', label: 'Autumn offers' };
  const campaign = { id: '2026AutumnCamp', label: 'Autumn 2026' };
  const rates = { openRate: 0.4, clickRate: 0.3, bounceRate: 0.1, hardBounceShare: 0.5 };
  return m.sandbox.journal.deliver({
    seed: m.seed + 1,
    profiles,
    delivery,
    campaign,
    ...rates,
    startAt: m.clock.now() - 60_000,
  }).appended;
}
