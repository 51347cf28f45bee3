// The $filter index path (primary key / one-column alternate key equality) must give exactly the scan's rows, in the scan's order.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { manualClock } from '../../emulators/common/clock.ts';
import { evaluateExpr, parseFilter } from '../../emulators/dynamics/odata/filter.ts';
import { candidateRows } from '../../emulators/dynamics/store/lookup.ts';
import { Store, type Table } from '../../emulators/dynamics/store/store.ts';
import { dynamicsMetadata, startTestDynamics, type TestDynamics } from './dynamics-fixture.ts';

const IDS = Array.from({ length: 6 }, (_, i) => `${String(i + 1).repeat(8)}-0000-4000-8000-00000000000${i}`);
const EVENTS = ['ev-a', 'EV-B', 'ev-c', '2024-01-01'];

type Op = { k: 'put'; id: number; ev: number | null; name: string } | { k: 'del'; id: number };
const op: fc.Arbitrary<Op> = fc.oneof(
  {
    arbitrary: fc.record({
      k: fc.constant('put' as const),
      id: fc.nat(5),
      ev: fc.option(fc.nat(3)),
      name: fc.constantFrom('Ann', 'Bob'),
    }),
    weight: 3,
  },
  fc.record({
    k: fc.constant('put' as const),
    id: fc.nat(5),
    ev: fc.option(fc.nat(3)),
    name: fc.constantFrom('Ann', 'Bob'),
  }),
  fc.record({ k: fc.constant('del' as const), id: fc.nat(5) }),
);

const atom = fc.oneof(
  fc.nat(5).map((i) => `contactid eq ${i % 2 ? (IDS[i] as string).toUpperCase() : IDS[i]}`),
  fc.nat(5).map((i) => `contactid eq '${IDS[i]}'`),
  fc
    .tuple(fc.nat(3), fc.boolean())
    .map(([i, up]) => `ferry_eventid eq '${up ? (EVENTS[i] as string).toUpperCase() : EVENTS[i]}'`),
  fc.constantFrom(
    "firstname eq 'ann'",
    'ferry_eventid eq null',
    "ferry_eventid ne 'ev-a'",
    'contactid eq null',
    'contactid eq 5',
  ),
);
const keyAtom = atom.filter(
  (a) => !a.includes('null') && !a.includes('first') && !a.includes(' ne ') && !a.endsWith(' 5'),
);
// The getByIds shape: a disjunction of key equalities.
const keyList = fc.array(keyAtom, { minLength: 1, maxLength: 5 }).map((xs) => xs.join(' or '));
const nested: fc.Arbitrary<string> = fc.letrec<{ f: string }>((tie) => ({
  f: fc.oneof(
    { maxDepth: 3 },
    atom,
    atom,
    tie('f').map((x) => `not (${x})`),
    fc.tuple(tie('f'), fc.constantFrom('and', 'or'), tie('f')).map(([a, o, b]) => `(${a}) ${o} (${b})`),
  ),
})).f;
const filter = fc.oneof(keyList, nested);

function buildTable(ops: readonly Op[]): { store: Store; table: Table } {
  const store = new Store(dynamicsMetadata, manualClock());
  const table = store.table('contact') as Table;
  for (const o of ops) {
    const id = IDS[o.id] as string;
    if (o.k === 'del') {
      if (store.get('contact', id)) store.delete('contact', id);
      continue;
    }
    const ev = o.ev === null ? null : (EVENTS[o.ev] as string);
    // Keep alternate keys unique, as validated writes do.
    const holder = ev === null ? undefined : table.findByAltKey(0, { ferry_eventid: ev });
    store.upsert('contact', {
      contactid: id,
      firstname: o.name,
      ferry_eventid: holder && holder['contactid'] !== id ? null : ev,
    });
  }
  return { store, table };
}

describe('index path for key equalities', () => {
  it('returns the same rows in the same (version) order as a scan, for random tables and filters', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 30 }), filter, (ops, text) => {
        const { table } = buildTable(ops);
        const f = parseFilter(text);
        const scan = [...table.changedSince(0)].filter((r) => evaluateExpr(f, r)).map((r) => r['contactid']);
        const cands = candidateRows(table, f);
        if (cands !== undefined)
          expect(
            cands.filter((r) => evaluateExpr(f, r)).map((r) => r['contactid']),
            text,
          ).toEqual(scan);
      }),
      { numRuns: 500, seed: 28112026 },
    );
  });

  it('is used for disjunctions of primary-key equalities and for alternate keys, not for other columns', () => {
    const { table } = buildTable(IDS.map((_, i) => ({ k: 'put', id: i, ev: i < 3 ? i : null, name: 'Ann' })));
    const or = parseFilter(`contactid eq ${IDS[4]} or contactid eq ${IDS[1]} or contactid eq ${IDS[3]}`);
    expect(candidateRows(table, or)?.map((r) => r['contactid'])).toEqual([IDS[1], IDS[3], IDS[4]]);
    expect(candidateRows(table, parseFilter("ferry_eventid eq 'EV-A' and firstname eq 'x'")))?.toHaveLength(
      1,
    );
    expect(candidateRows(table, parseFilter(`contactid eq ${IDS[0]} or firstname eq 'Ann'`))).toBeUndefined();
    expect(candidateRows(table, parseFilter("ferry_eventid eq '2024-01-01'"))).toBeUndefined();
  });

  it('falls back to a scan once direct writes gave two rows the same alternate key', () => {
    const { store, table } = buildTable([]);
    store.upsert('contact', { contactid: IDS[0], ferry_eventid: 'dup' });
    store.upsert('contact', { contactid: IDS[1], ferry_eventid: 'DUP' });
    expect(table.altKeyShared).toBe(true);
    expect(candidateRows(table, parseFilter("ferry_eventid eq 'dup'"))).toBeUndefined();
  });

  it('finds tombstones by version with the same result as a linear filter', () => {
    const { store, table } = buildTable(IDS.map((_, i) => ({ k: 'put', id: i, ev: null, name: 'Ann' })));
    for (const id of IDS) {
      store.upsert('contact', { contactid: id, firstname: 'x' });
      store.delete('contact', id);
    }
    const vs = table.tombstones.map((t) => t.v);
    for (const after of [0, ...vs, (vs[vs.length - 1] ?? 0) + 5]) {
      for (const upTo of [after, after + 3, Number.MAX_SAFE_INTEGER]) {
        expect(table.deletedSince(after, upTo)).toEqual(
          table.tombstones.filter((t) => t.v > after && t.v <= upTo),
        );
      }
    }
  });
});

describe('index path over HTTP (getByIds shape)', () => {
  let t: TestDynamics;
  beforeAll(async () => {
    t = await startTestDynamics();
    for (const [i, id] of IDS.entries())
      t.emu.store.upsert('contact', { contactid: id, firstname: `F${i}`, ferry_eventid: `ev-${i}` });
    t.emu.store.upsert('contact', { contactid: IDS[0], firstname: 'F0b' }); // now the newest version
  });
  afterAll(async () => t.emu.close());

  const ids = (b: Record<string, unknown>) =>
    (b['value'] as Record<string, unknown>[]).map((x) => x['contactid']);

  it('returns the rows in version order, pages through them, and counts them', async () => {
    const f = encodeURIComponent(
      `contactid eq ${IDS[0]} or contactid eq ${IDS[3]} or contactid eq ${IDS[2]}`,
    );
    const all = (await (
      await t.api('GET', `contacts?$select=firstname&$filter=${f}&$count=true`)
    ).json()) as Record<string, unknown>;
    expect(ids(all)).toEqual([IDS[2], IDS[3], IDS[0]]);
    expect(all['@odata.count']).toBe(3);
    const seen: unknown[] = [];
    let url: string | undefined = `${t.emu.apiUrl}contacts?$select=firstname&$filter=${f}`;
    while (url) {
      const r = await fetch(url, {
        headers: { Authorization: `Bearer ${t.token}`, Prefer: 'odata.maxpagesize=2' },
      });
      const b = (await r.json()) as Record<string, unknown>;
      seen.push(...ids(b));
      url = b['@odata.nextLink'] as string | undefined;
    }
    expect(seen).toEqual([IDS[2], IDS[3], IDS[0]]);
    const n = await (
      await t.api(
        'GET',
        `contacts/$count?$filter=${encodeURIComponent("ferry_eventid eq 'EV-4' or ferry_eventid eq 'ev-9'")}`,
      )
    ).text();
    expect(n.replace(/^\uFEFF/, '')).toBe('1');
    const ordered = (await (
      await t.api('GET', `contacts?$filter=${f}&$orderby=firstname desc`)
    ).json()) as Record<string, unknown>;
    expect(ids(ordered)).toEqual([IDS[3], IDS[2], IDS[0]]);
  });
});
