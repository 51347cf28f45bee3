import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { manualClock } from '../../emulators/common/clock.ts';
import { Rng } from '../../emulators/common/prng.ts';
import { startTestDynamics, type TestDynamics } from './dynamics-fixture.ts';

const clock = manualClock(Date.UTC(2026, 5, 1, 12, 0, 0));
let t: TestDynamics;
const N = 10_000;
const ids: string[] = [];

beforeAll(async () => {
  t = await startTestDynamics({ clock });
  const rng = new Rng(42);
  for (let i = 0; i < N; i++) {
    const id = rng.guid();
    ids.push(id);
    t.emu.store.upsert('contact', {
      contactid: id,
      firstname: `F${i}`,
      lastname: `L${i}`,
      emailaddress1: `u${i}@example.com`,
    });
  }
});
afterAll(async () => t.emu.close());

type Body = Record<string, unknown> & { value: Record<string, unknown>[] };
const get = async (url: string, prefer: string): Promise<{ r: Response; b: Body }> => {
  const r = await fetch(url, { headers: { Authorization: `Bearer ${t.token}`, Prefer: prefer } });
  return { r, b: (await r.json()) as Body };
};

/** Follows nextLinks; returns all items, the page count and the final body. */
async function drain(url: string, prefer: string) {
  const items: Record<string, unknown>[] = [];
  let pages = 0;
  let next: string | undefined = url;
  let last: Body | undefined;
  while (next) {
    const { r, b } = await get(next, prefer);
    expect(r.status).toBe(200);
    pages++;
    items.push(...b.value);
    if (b['@odata.nextLink']) expect(b['@odata.deltaLink']).toBeUndefined();
    next = b['@odata.nextLink'] as string | undefined;
    last = b;
  }
  return { items, pages, last: last as Body };
}

describe('Dynamics emulator: paging and change tracking over 10,000 rows', () => {
  let deltaLink = '';

  it('pages a plain read of 10,000 rows without duplicates or gaps', async () => {
    const { items, pages } = await drain(
      `${t.emu.apiUrl}contacts?$select=firstname`,
      'odata.maxpagesize=3000',
    );
    expect(pages).toBe(4);
    expect(new Set(items.map((x) => x['contactid'])).size).toBe(N);
  });

  it('initial tracked load: Preference-Applied, deltaLink only on the last page', async () => {
    const first = await get(
      `${t.emu.apiUrl}contacts?$select=firstname,lastname`,
      'odata.track-changes,odata.maxpagesize=4000',
    );
    expect(first.r.headers.get('preference-applied')).toBe('odata.maxpagesize=4000,odata.track-changes');
    expect(first.b['@odata.deltaLink']).toBeUndefined();
    const rest = await drain(
      first.b['@odata.nextLink'] as string,
      'odata.track-changes,odata.maxpagesize=4000',
    );
    expect(rest.pages).toBe(2);
    const all = [...first.b.value, ...rest.items];
    expect(new Set(all.map((x) => x['contactid'])).size).toBe(N);
    deltaLink = rest.last['@odata.deltaLink'] as string;
    expect(deltaLink).toMatch(
      /\/api\/data\/v9\.2\/contacts\?\$select=firstname,lastname&\$deltatoken=\d+%2106%2f01%2f2026%2012%3a00%3a00$/,
    );
  });

  it('delta returns new/updated rows in full, then deletes as $deletedEntity, with a new deltaLink', async () => {
    t.emu.store.upsert('contact', { contactid: ids[5], firstname: 'Changed' });
    t.emu.store.delete('contact', ids[6] as string);
    const created = t.emu.store.upsert('contact', { firstname: 'Brand', lastname: 'New' });
    const { r, b } = await get(deltaLink, 'odata.track-changes');
    expect(r.status).toBe(200);
    expect(b['@odata.context']).toBe(`${t.emu.apiUrl}$metadata#contacts(firstname,lastname)/$delta`);
    expect(b.value).toHaveLength(3);
    expect(b.value[0]).toMatchObject({ firstname: 'Changed', lastname: 'L5', contactid: ids[5] });
    expect(b.value[0]?.['@odata.etag']).toMatch(/^W\/"\d+"$/);
    expect(b.value[1]).toMatchObject({ firstname: 'Brand', contactid: created['contactid'] });
    expect(b.value[2]).toEqual({
      '@odata.context': `${t.emu.apiUrl}$metadata#contacts/$deletedEntity`,
      id: ids[6],
      reason: 'deleted',
    });
    const next = b['@odata.deltaLink'] as string;
    expect(next).not.toBe(deltaLink);
    const again = await get(next, 'odata.track-changes');
    expect(again.b.value).toEqual([]);
    expect(again.b['@odata.deltaLink']).toMatch(/\$deltatoken=/);
    deltaLink = again.b['@odata.deltaLink'] as string;
  });

  it('pages a large delta and counts it', async () => {
    for (let i = 100; i < 2600; i++) t.emu.store.upsert('contact', { contactid: ids[i], lastname: `X${i}` });
    for (let i = 2600; i < 2610; i++) t.emu.store.delete('contact', ids[i] as string);
    const count = await fetch(deltaLink.replace('contacts?', 'contacts/$count?'), {
      headers: { Authorization: `Bearer ${t.token}` },
    });
    expect((await count.text()).replace('\uFEFF', '')).toBe('2510');
    const { items, pages, last } = await drain(deltaLink, 'odata.track-changes,odata.maxpagesize=1000');
    expect(pages).toBe(3);
    expect(items.filter((x) => x['reason'] === 'deleted')).toHaveLength(10);
    expect(items.slice(-10).every((x) => x['reason'] === 'deleted')).toBe(true);
    expect(last['@odata.deltaLink']).toBeDefined();
  });

  it('expires delta tokens after the configured age with 0x80044352', async () => {
    clock.advance(7 * 24 * 3600 * 1000 + 1000);
    const r = await fetch(deltaLink, {
      headers: { Authorization: `Bearer ${t.token}`, Prefer: 'odata.track-changes' },
    });
    expect(r.status).toBe(400);
    expect(await r.json()).toEqual({
      error: {
        code: '0x80044352',
        message: 'Version stamp associated with the client has expired. Please perform a full sync.',
      },
    });
  });

  it('rejects $filter/$orderby/$expand/$top with tracking, and untracked tables', async () => {
    for (const o of ['filter', 'orderby', 'expand', 'top']) {
      const r = await t.api('GET', `contacts?$select=firstname&$${o}=firstname`, {
        headers: { Prefer: 'odata.track-changes' },
      });
      expect(r.status).toBe(400);
      expect(((await r.json()) as { error: { message: string } }).error.message).toBe(
        `The "$${o}" query parameter isn't supported when Change Tracking is enabled.`,
      );
    }
    const r = await t.api('GET', 'tasks?$select=subject', { headers: { Prefer: 'odata.track-changes' } });
    expect(r.status).toBe(400);
    expect(await r.json()).toEqual({
      error: { code: '0x80072491', message: "Entity task isn't enabled for change tracking." },
    });
  });
});
