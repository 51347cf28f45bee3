// Who the scenario may touch, drawn at random (seeded) without repeats: contacts whose profile ferry created,
// contacts with a profile that predates ferry, and vehicles whose contact has a profile.
import type { Sandbox } from '../../../emulators/sandbox/index.ts';
import type { Rng } from '../../../emulators/common/prng.ts';
import { byKey, recordsOf, rowsOf, type Snapshot, type SourceRow, type TargetRow } from '../snapshot.ts';

export const idOf = (row: SourceRow, pk = 'contactid'): string => String(row[pk]);

export class Pools {
  readonly owned: SourceRow[];
  readonly foreign: SourceRow[];
  readonly vehicles: SourceRow[];
  /** Scale of the scenario: n records per kind of edit, k for the rarer ones. */
  readonly n: number;
  readonly k: number;
  private readonly profiles: Map<string, TargetRow[]>;
  private readonly withVehicle: Set<string>;
  private readonly withVisit: Set<string>;
  private readonly summary: Record<string, number> = {};

  constructor(
    readonly rng: Rng,
    sandbox: Sandbox,
    before: Snapshot,
    after: Snapshot,
  ) {
    const contacts = [...rowsOf(after, 'contact').values()];
    const vehicles = [...rowsOf(after, 'ferry_vehicle').values()];
    this.n = Math.max(3, Math.round(contacts.length * 0.01));
    this.k = Math.max(1, Math.round(this.n / 3));
    const preexisting = new Set(recordsOf(before, 'profile').keys());
    this.profiles = byKey(recordsOf(after, 'profile'), 'externalId');
    this.withVehicle = new Set(vehicles.map((v) => idOf(v, '_ferry_contactid_value')));
    this.withVisit = new Set(
      [...rowsOf(after, 'ferry_servicevisit').values()].map((v) => idOf(v, '_ferry_vehicleid_value')),
    );
    const has = (c: SourceRow, pre: boolean): boolean => {
      const p = this.profileOf(idOf(c));
      return p !== undefined && preexisting.has(p.pkey) === pre;
    };
    this.owned = this.shuffle(contacts.filter((c) => has(c, false)));
    this.foreign = this.shuffle(contacts.filter((c) => has(c, true)));
    const store = sandbox.dynamics.store;
    this.vehicles = this.shuffle(
      vehicles.filter(
        (v) =>
          store.get('contact', idOf(v, '_ferry_contactid_value')) !== undefined &&
          this.profileOf(idOf(v, '_ferry_contactid_value')) !== undefined,
      ),
    );
  }

  profileOf(contactId: string): TargetRow | undefined {
    return this.profiles.get(contactId)?.[0];
  }

  hasVehicle = (c: SourceRow): boolean => this.withVehicle.has(idOf(c));
  hasVisit = (v: SourceRow): boolean => this.withVisit.has(idOf(v, 'ferry_vehicleid'));

  /** Removes and returns up to `count` items that pass `ok`. */
  take<T>(list: T[], count: number, ok: (x: T) => boolean = () => true): T[] {
    const out: T[] = [];
    for (let i = 0; i < list.length && out.length < count;) {
      if (ok(list[i] as T)) out.push(...list.splice(i, 1));
      else i++;
    }
    return out;
  }

  shuffle<T>(list: T[]): T[] {
    for (let i = list.length - 1; i > 0; i--) {
      const j = this.rng.int(i + 1);
      [list[i], list[j]] = [list[j] as T, list[i] as T];
    }
    return list;
  }

  count(what: string, by = 1): void {
    this.summary[what] = (this.summary[what] ?? 0) + by;
  }

  done(): Readonly<Record<string, number>> {
    return { ...this.summary };
  }
}
