// Dynamics rows generated on demand: row i depends only on (seed, i), so a million rows stream in flat memory.
import { Rng } from '../common/prng.ts';
import { DOMAINS, FIRST, INVALID_EMAILS, LAST, MODELS, VIN_CHARS, VISITS } from './words.ts';

export type DynamicsRow = Record<string, string | number | boolean | null>;

export interface SeedOptions {
  readonly seed: number;
  readonly contacts: number;
}

/** Seeded generator for one row of one kind. */
export const rngFor = (seed: number, kind: string, i: number): Rng => new Rng(`${seed}:${kind}:${i}`);
const EPOCH = Date.UTC(2024, 0, 1);
const iso = (ms: number): string =>
  new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
const pad = (n: number, w: number): string => String(n).padStart(w, '0');

export const contactIdAt = (seed: number, i: number): string => rngFor(seed, 'contactid', i).guid();

export function contactAt(seed: number, i: number): DynamicsRow {
  const r = rngFor(seed, 'contact', i);
  let first = r.pick(FIRST);
  const last = r.pick(LAST);
  // ~3%: longer than Campaign's firstName (30) but within Dynamics' 50.
  if (r.chance(0.03))
    first = `${first}-Maximiliane-Alexandrina-Josephine-Louise`.slice(0, 31 + r.int(15)).padEnd(31, 'x');
  const local =
    `${first}.${last}.${i}`
      .normalize('NFD')
      .replace(/[^A-Za-z0-9.]/g, '')
      .toLowerCase() || `user.${i}`;
  const roll = r.next();
  // ~5% no email, ~3% invalid, ~4% mixed case with spaces (trim/lower mappings), rest clean.
  const email =
    roll < 0.05
      ? null
      : roll < 0.08
        ? r.pick(INVALID_EMAILS)
        : roll < 0.12
          ? `  ${local.toUpperCase()}@${r.pick(DOMAINS).toUpperCase()} `
          : `${local}@${r.pick(DOMAINS)}`;
  const created = EPOCH + i * 37_000 + r.int(30_000);
  const inactive = r.chance(0.05);
  return {
    contactid: contactIdAt(seed, i),
    firstname: first,
    lastname: last,
    emailaddress1: email,
    telephone1: r.chance(0.7) ? `+44 20 ${pad(r.int(10000), 4)} ${pad(r.int(10000), 4)}` : null,
    mobilephone: r.chance(0.5) ? `+33 6 ${pad(r.int(100000000), 8)}` : null,
    birthdate: r.chance(0.8) ? `${1940 + r.int(65)}-${pad(1 + r.int(12), 2)}-${pad(1 + r.int(28), 2)}` : null,
    gendercode: r.chance(0.15) ? null : 1 + r.int(2),
    donotbulkemail: r.chance(0.1),
    donotemail: r.chance(0.05),
    donotphone: r.chance(0.08),
    donotfax: r.chance(0.02),
    donotpostalmail: r.chance(0.04),
    statecode: inactive ? 1 : 0,
    statuscode: inactive ? 2 : 1,
    createdon: iso(created),
    modifiedon: iso(created + r.int(300 * 86_400_000)),
  };
}

export function* contacts(o: SeedOptions): Generator<DynamicsRow> {
  for (let i = 0; i < o.contacts; i++) yield contactAt(o.seed, i);
}

/** 0–2 vehicles per contact (about 0.8 on average). */
export function vehiclesOf(seed: number, i: number): DynamicsRow[] {
  const r = rngFor(seed, 'vehicles', i);
  const n = r.chance(0.55) ? (r.chance(0.5) ? 1 : 2) : 0;
  const contactid = contactIdAt(seed, i);
  return Array.from({ length: n }, (_, k) => {
    const year = 2005 + r.int(20);
    const model = r.pick(MODELS);
    return {
      ferry_vehicleid: rngFor(seed, `vehicle${k}`, i).guid(),
      ferry_name: `${model} ${year}`,
      ferry_vin: Array.from({ length: 17 }, () => r.pick([...VIN_CHARS])).join(''),
      ferry_model: model,
      ferry_year: year,
      ferry_fueltype: 100000000 + r.int(4),
      ferry_purchasedate: `${year}-${pad(1 + r.int(12), 2)}-${pad(1 + r.int(28), 2)}`,
      _ferry_contactid_value: contactid,
      statecode: 0,
      statuscode: 1,
    };
  });
}

export function* vehicles(o: SeedOptions): Generator<DynamicsRow> {
  for (let i = 0; i < o.contacts; i++) yield* vehiclesOf(o.seed, i);
}

/** 0–3 service visits per vehicle. */
export function visitsOf(seed: number, vehicle: DynamicsRow): DynamicsRow[] {
  const id = String(vehicle.ferry_vehicleid);
  const r = new Rng(`${seed}:visits:${id}`);
  return Array.from({ length: r.int(4) }, (_, k) => ({
    ferry_servicevisitid: new Rng(`${seed}:visit${k}:${id}`).guid(),
    ferry_name: r.pick(VISITS),
    ferry_visitdate: `${2019 + r.int(6)}-${pad(1 + r.int(12), 2)}-${pad(1 + r.int(28), 2)}`,
    ferry_cost: Math.round(r.next() * 150_000) / 100,
    ferry_mileage: r.int(250_000),
    _ferry_vehicleid_value: id,
    statecode: 0,
    statuscode: 1,
  }));
}

export function* serviceVisits(o: SeedOptions): Generator<DynamicsRow> {
  for (const v of vehicles(o)) yield* visitsOf(o.seed, v);
}
