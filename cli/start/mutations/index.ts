// Step 4: what an outside user does between two syncs, applied straight to the emulators' stores.
// Times are staged on the emulators' clock so the opt-out conflict rule (OPT-2) has both orders to decide:
// Dynamics edits, then Campaign edits, then later Dynamics edits of some of the same people.
import { randomUUID } from 'node:crypto';
import type { Sandbox } from '../../emulators/sandbox/index.ts';
import type { ManualClock } from '../../emulators/common/clock.ts';
import { Rng } from '../../emulators/common/prng.ts';
import { byKey, recordsOf, rowsOf, type Snapshot, type TargetRow } from './snapshot.ts';

const STEP_MS = 5_000;

export interface MutationSummary {
  readonly [what: string]: number;
}

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
  const rng = new Rng(`${m.seed}:ferry-start`);
  const contacts = [...rowsOf(m.after, 'contact').values()];
  const vehicles = [...rowsOf(m.after, 'ferry_vehicle').values()];
  const visits = [...rowsOf(m.after, 'ferry_servicevisit').values()];
  const n = Math.max(3, Math.round(contacts.length * 0.01));
  const k = Math.max(1, Math.round(n / 3));
  const preexisting = new Set(recordsOf(m.before, 'profile').keys());
  const profiles = byKey(recordsOf(m.after, 'profile'), 'externalId');
  const profileOf = (id: string): TargetRow | undefined => profiles.get(id)?.[0];
  const withVehicle = new Set(vehicles.map((v) => String(v['_ferry_contactid_value'])));
  const withVisit = new Set(visits.map((v) => String(v['_ferry_vehicleid_value'])));
  const owned = shuffle(
    rng,
    contacts.filter((c) => {
      const p = profileOf(String(c['contactid']));
      return p !== undefined && !preexisting.has(p.pkey);
    }),
  );
  const foreign = shuffle(
    rng,
    contacts.filter((c) => {
      const p = profileOf(String(c['contactid']));
      return p !== undefined && preexisting.has(p.pkey);
    }),
  );
  const take = <T>(list: T[], count: number, ok: (x: T) => boolean = () => true): T[] => {
    const out: T[] = [];
    for (let i = 0; i < list.length && out.length < count;) {
      if (ok(list[i] as T)) out.push(...list.splice(i, 1));
      else i++;
    }
    return out;
  };
  const id = (row: Readonly<Record<string, unknown>>, pk = 'contactid'): string => String(row[pk]);
  const noVehicle = (c: Readonly<Record<string, unknown>>): boolean => !withVehicle.has(id(c));
  const s: Record<string, number> = {};
  const count = (what: string, by = 1): void => void (s[what] = (s[what] ?? 0) + by);

  // --- Dynamics edits, a while after the sync (Dynamics stamps whole seconds) ---------------
  clock.advance(STEP_MS);
  for (const c of take(owned, n)) {
    ds.upsert('contact', {
      contactid: id(c),
      lastname: `${String(c['lastname'])}-Smith`,
      telephone1: '+44 20 7946 0000',
      birthdate: '1999-09-09',
    });
    count('Dynamics: contacts updated (birthdate too: updates: false)');
  }
  for (let i = 0; i < n; i++) {
    ds.upsert('contact', {
      contactid: randomUUID(),
      firstname: 'Nova',
      lastname: `Newcomer ${i}`,
      emailaddress1: `nova.newcomer.${i}@example.net`,
      donotbulkemail: i % 3 === 0,
      donotemail: false,
      donotphone: i % 4 === 0,
      statecode: 0,
      statuscode: 1,
    });
    count('Dynamics: contacts created');
  }
  ds.upsert('contact', {
    contactid: randomUUID(),
    firstname: 'Ivy',
    lastname: 'Invalid',
    emailaddress1: 'ivy@@example.net',
    statecode: 0,
    statuscode: 1,
  });
  count('Dynamics: contacts created with an invalid email');
  for (const c of take(owned, k, noVehicle)) {
    ds.delete('contact', id(c));
    count('Dynamics: contacts deleted');
  }
  for (const c of take(foreign, 1, noVehicle)) {
    ds.delete('contact', id(c));
    count('Dynamics: contacts deleted (profile not created by ferry)');
  }
  for (const c of take(owned, k, noVehicle)) {
    ds.upsert('contact', { contactid: id(c), emailaddress1: null });
    count('Dynamics: contacts that stop matching the filter');
  }
  const live = shuffle(
    rng,
    vehicles.filter(
      (v) =>
        ds.get('contact', String(v['_ferry_contactid_value'])) !== undefined &&
        profileOf(String(v['_ferry_contactid_value'])) !== undefined,
    ),
  );
  for (const v of take(live, k)) {
    ds.upsert('ferry_vehicle', {
      ferry_vehicleid: id(v, 'ferry_vehicleid'),
      ferry_model: 'Renault Zoe',
      ferry_name: 'Renault Zoe (repainted)',
    });
    count('Dynamics: vehicles updated');
  }
  for (const v of take(live, k, (x) => !withVisit.has(id(x, 'ferry_vehicleid')))) {
    ds.delete('ferry_vehicle', id(v, 'ferry_vehicleid'));
    count('Dynamics: vehicles deleted');
  }
  const parents = take(owned, k + 1);
  for (const v of take(live, 1)) {
    const to = parents.pop();
    if (to === undefined) break;
    ds.upsert('ferry_vehicle', { ferry_vehicleid: id(v, 'ferry_vehicleid'), _ferry_contactid_value: id(to) });
    count('Dynamics: vehicles moved to another contact');
  }
  for (const [i, c] of parents.entries()) {
    ds.upsert('ferry_vehicle', {
      ferry_vehicleid: randomUUID(),
      ferry_name: `Tesla Model 3 202${i % 6}`,
      ferry_vin: `5YJ3E1EA7KF${String(100000 + i)}`,
      ferry_model: 'Tesla Model 3',
      ferry_year: 2020 + (i % 6),
      ferry_fueltype: 100000003,
      ferry_purchasedate: '2024-05-17',
      _ferry_contactid_value: id(c),
      statecode: 0,
      statuscode: 1,
    });
    count('Dynamics: vehicles created');
  }
  const earlyOwned = take(owned, k);
  const earlyForeign = take(foreign, k);
  for (const c of [...earlyOwned, ...earlyForeign]) {
    ds.upsert('contact', { contactid: id(c), donotemail: c['donotemail'] !== true });
    count('Dynamics: opt-outs flipped (donotemail)');
  }

  // --- Campaign edits, later ----------------------------------------------------------------
  clock.advance(STEP_MS);
  const patch = (c: Readonly<Record<string, unknown>>, fields: Record<string, boolean>): boolean => {
    const row = cs.table('profile').get(profileOf(id(c))?.pkey ?? '');
    return row !== undefined && cs.patch('profile', row, fields);
  };
  const lateOwned = take(owned, k);
  const lateForeign = take(foreign, k);
  for (const c of [...lateOwned, ...lateForeign])
    if (patch(c, { denyListEmail: true })) count('Campaign: opt-outs (denyListEmail), Dynamics edits later');
  for (const c of take(owned, k))
    if (patch(c, { denyListPhone: true })) count('Campaign: opt-outs (denyListPhone)');
  for (const c of take(foreign, k, (x) => profileOf(id(x))?.fields['denyListEmail'] === true))
    if (patch(c, { denyListEmail: false })) count('Campaign: opt-ins (denyListEmail)');

  // --- late Dynamics edits: newer than Campaign's; an opt-in must not clear Campaign's opt-out ---
  clock.advance(STEP_MS);
  for (const c of [...lateOwned, ...lateForeign]) {
    // Record-level change time (OPT-2): a later edit makes Dynamics newer; its `false` must not clear Campaign's `true`.
    ds.upsert('contact', { contactid: id(c), donotbulkemail: false, telephone1: '+44 20 7946 0999' });
    count('Dynamics: contacts edited after a Campaign opt-out (donotbulkemail false)');
  }
  for (const c of take(foreign, k, (x) => x['donotphone'] !== true)) {
    ds.upsert('contact', { contactid: id(c), donotphone: true });
    count('Dynamics: opt-outs (donotphone)');
  }

  // --- a second delivery: ferry-created and pre-existing profiles, plus profiles without externalId ---
  const targets = [...cs.table('profile').scan()].filter((p) => {
    const ext = p.fields['externalId'];
    return (
      typeof p.fields['email'] === 'string' &&
      (typeof ext !== 'string' || ds.get('contact', ext) !== undefined)
    );
  });
  const chosen = shuffle(rng, targets).slice(0, Math.max(20, Math.round(targets.length * 0.3)));
  const delivered = sandbox.journal.deliver({
    seed: m.seed + 1,
    profiles: chosen.map((p) => ({
      PKey: p.pkey,
      externalId: typeof p.fields['externalId'] === 'string' ? p.fields['externalId'] : '',
      email: String(p.fields['email']),
    })),
    delivery: { id: 'DM202', label: 'Autumn offers' },
    campaign: { id: '2026AutumnCamp', label: 'Autumn 2026' },
    openRate: 0.4,
    clickRate: 0.3,
    bounceRate: 0.1,
    hardBounceShare: 0.5,
    startAt: clock.now() - 60_000,
  });
  count('Journal: events of a second delivery', delivered.appended);
  return s;
}

function shuffle<T>(rng: Rng, list: T[]): T[] {
  for (let i = list.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [list[i], list[j]] = [list[j] as T, list[i] as T];
  }
  return list;
}
