// A seeded table (rows computed from their index) answers every read exactly as the same rows upserted one by
// one: paging and nextLinks, $orderby, counts, reads by id, change tracking, and writes over seeded rows.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { manualClock } from '../../emulators/common/clock.ts';
import { Rng } from '../../emulators/common/prng.ts';
import type { EntityDef } from '../../emulators/dynamics/index.ts';
import { dynamicsMetadata, startTestDynamics, type TestDynamics } from './dynamics-fixture.ts';

const N = 2_500;
const clock = manualClock(Date.UTC(2026, 5, 1, 12, 0, 0));
const contact = dynamicsMetadata.entities.get('contact') as EntityDef;
// Seeding refuses tables with alternate keys (it would have to index every seeded row).
const metadata = {
  ...dynamicsMetadata,
  entities: new Map(dynamicsMetadata.entities).set('contact', { ...contact, alternateKeys: [] }),
};
const idAt = (i: number): string => new Rng(`seeded:${i}`).guid().toUpperCase();
const rowAt = (i: number): Record<string, unknown> => ({
  contactid: idAt(i),
  firstname: i % 7 === 0 ? null : `F${i}`,
  lastname: `L${(i * 7919) % 1000}`,
  emailaddress1: `u${i}@example.com`,
});

let eager: TestDynamics;
let lazy: TestDynamics;

beforeAll(async () => {
  eager = await startTestDynamics({ metadata, clock });
  lazy = await startTestDynamics({ metadata, clock });
  for (let i = 0; i < N; i++) eager.emu.store.upsert('contact', rowAt(i));
  lazy.emu.store.seed('contact', N, rowAt, idAt);
});
afterAll(async () => {
  await eager.emu.close();
  await lazy.emu.close();
});

/** Status and body with the emulator's own URL taken out, so two emulators' answers compare. */
async function answer(t: TestDynamics, path: string, headers: Record<string, string> = {}) {
  const r = await t.api('GET', path, { headers });
  return { status: r.status, body: (await r.text()).split(t.emu.apiUrl).join('<api>') };
}

/** Every page of a listing, following nextLink (and the deltaLink's token when there is one). */
async function drain(t: TestDynamics, path: string, prefer: string) {
  const pages: { status: number; body: string }[] = [];
  let next: string | undefined = path;
  while (next !== undefined) {
    const a = await answer(t, next, { Prefer: prefer });
    pages.push(a);
    const link = (JSON.parse(a.body) as Record<string, unknown>)['@odata.nextLink'];
    next = typeof link === 'string' ? link.replace('<api>', '') : undefined;
  }
  return pages;
}

async function same(path: string, prefer = 'odata.maxpagesize=300') {
  const [a, b] = await Promise.all([drain(eager, path, prefer), drain(lazy, path, prefer)]);
  expect(b).toEqual(a);
  expect(a.map((p) => p.status)).toEqual(a.map(() => 200));
  return a;
}

describe('seeded Dynamics table', () => {
  it('pages, orders, counts and reads by id as the upserted rows do', async () => {
    const pages = await same(
      '/contacts?$select=firstname,lastname,createdon,modifiedon,versionnumber&$count=true',
    );
    expect(pages.length).toBe(Math.ceil(N / 300));
    await same('/contacts?$select=lastname&$orderby=lastname desc,firstname');
    await same('/contacts?$filter=startswith(lastname,%27L99%27)&$select=lastname');
    await same(`/contacts?$filter=contactid eq ${idAt(17).toLowerCase()}`);
    expect(await answer(lazy, '/contacts/$count')).toEqual(await answer(eager, '/contacts/$count'));
    for (const i of [0, 1, 1234, N - 1])
      expect(await answer(lazy, `/contacts(${idAt(i)})`)).toEqual(
        await answer(eager, `/contacts(${idAt(i)})`),
      );
    expect((await answer(lazy, '/contacts(00000000-0000-0000-0000-000000000001)')).status).toBe(404);
    expect(lazy.emu.store.count('contact')).toBe(N);
  });

  it('tracks changes to seeded rows: updates and deletes show in the next delta, in version order', async () => {
    const first = await same(
      '/contacts?$select=firstname,lastname',
      'odata.track-changes,odata.maxpagesize=1000',
    );
    const delta = (JSON.parse(first[first.length - 1]?.body ?? '{}') as Record<string, string>)[
      '@odata.deltaLink'
    ];
    expect(delta).toBeDefined();
    for (const t of [eager, lazy]) {
      const patch = await t.api('PATCH', `/contacts(${idAt(5)})`, { body: { lastname: 'Changed' } });
      expect(patch.status).toBe(204);
      expect((await t.api('DELETE', `/contacts(${idAt(6)})`)).status).toBe(204);
      t.emu.store.upsert('contact', { contactid: idAt(7), firstname: 'Again' });
      t.emu.store.upsert('contact', { firstname: 'New', lastname: 'Row', contactid: idAt(N + 1) });
    }
    const changes = await same((delta ?? '').replace('<api>', ''), 'odata.track-changes');
    expect(changes[0]?.body).toContain('Changed');
    expect(changes[0]?.body).toContain('$deletedEntity');
    await same('/contacts?$select=firstname,lastname&$count=true');
    expect(lazy.emu.store.count('contact')).toBe(eager.emu.store.count('contact'));
    expect(await answer(lazy, `/contacts(${idAt(6)})`)).toEqual(await answer(eager, `/contacts(${idAt(6)})`));
  });

  it('puts a seeded row back when a failed change set is undone', async () => {
    const before = await answer(lazy, `/contacts(${idAt(9)})`);
    expect(() =>
      lazy.emu.store.transaction(() => {
        lazy.emu.store.upsert('contact', { contactid: idAt(9), lastname: 'Doomed' });
        throw new Error('roll back');
      }),
    ).toThrow('roll back');
    expect(await answer(lazy, `/contacts(${idAt(9)})`)).toEqual(before);
    await same('/contacts?$select=lastname');
  });

  it('refuses a second seed and a table with alternate keys', () => {
    expect(() => lazy.emu.store.seed('contact', 1, rowAt, idAt)).toThrow(/already has rows/);
    expect(() => eager.emu.store.seed('account', 1, rowAt, idAt)).toThrow(/alternate keys/);
  });
});
