import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CampaignFixture } from './campaign-fixture.ts';
import { startFixture } from './campaign-fixture.ts';

type Page = {
  content: Record<string, unknown>[];
  next?: { href: string };
  count?: { href: string };
  serverSidePagination?: boolean;
};
let fx: CampaignFixture;
const N = 3000;
beforeAll(async () => {
  fx = await startFixture({ bigTableThreshold: 2000 });
  for (let i = 0; i < N; i++)
    fx.acs.store.create('profile', {
      email: `p${String(i).padStart(5, '0')}@example.com`,
      externalId: `c-${i}`,
      lastName: i % 2 ? 'Odd' : 'Even',
    });
});
afterAll(() => fx.close());

const get = async (path: string): Promise<Page> => {
  const res = await fx.call(path);
  expect(res.status).toBe(200);
  return (await res.json()) as Page;
};

describe('paging', () => {
  it('defaults to 25, follows next.href to the end, no next on the last page (forced past the threshold)', async () => {
    const first = await get('profileAndServices/profile?_forcePagination=true');
    expect(first.content).toHaveLength(25);
    const seen = new Set<unknown>();
    let href: string | undefined =
      `${fx.acs.baseUrl}/profileAndServices/profile?_lineCount=400&_forcePagination=true`;
    let pages = 0;
    let last: Page | undefined;
    while (href) {
      last = await get(href);
      for (const r of last.content) seen.add(r.PKey);
      expect(href.includes('_lineStart=') || pages === 0).toBe(true);
      href = last.next?.href;
      pages++;
    }
    expect(seen.size).toBe(N);
    expect(pages).toBe(Math.ceil(N / 400));
    expect(last && 'next' in last).toBe(false);
  });

  it('omits next above the big-table threshold unless _forcePagination=true', async () => {
    const page = await get('profileAndServices/profile?_lineCount=10');
    expect(page.content).toHaveLength(10);
    expect(page.next).toBeUndefined();
    const forced = await get('profileAndServices/profile?_lineCount=10&_forcePagination=true');
    expect(forced.next?.href).toMatch(/_lineStart=%40|_lineStart=@/);
  });

  it('sorts with _order and %20desc, pages in that order, and counts', async () => {
    const desc = await get(
      'profileAndServices/profile?_order=email%20desc&_lineCount=3&_forcePagination=true',
    );
    expect(desc.content.map((r) => r.email)).toEqual([
      'p02999@example.com',
      'p02998@example.com',
      'p02997@example.com',
    ]);
    const next = await get(desc.next?.href ?? '');
    expect(next.content.map((r) => r.email)).toEqual([
      'p02996@example.com',
      'p02995@example.com',
      'p02994@example.com',
    ]);
    expect(desc.count?.href).toContain('/_count?');
    expect(await (await fx.call(desc.count?.href ?? '')).json()).toEqual({ count: N });
    expect(
      await (await fx.call('profileAndServices/profile/byText/_count?text=Odd&filterType=lastName')).json(),
    ).toEqual({ count: N / 2 });
    const bad = await fx.call('profileAndServices/profile?_order=nope');
    expect(bad.status).toBe(500);
  });

  it('projects one field as plain values', async () => {
    const page = await get('profileAndServices/profile/email?_lineCount=2');
    expect(page.content).toEqual(['p00000@example.com', 'p00001@example.com']);
  });

  it('finds by custom filter among thousands', async () => {
    const page = await get('profileAndServicesExt/profile/byExternalId?externalId_parameter=c-2500');
    expect(page.content.map((r) => r.email)).toEqual(['p02500@example.com']);
  });
});

describe('engine-call accounting and limits', () => {
  it('counts insert 1, update 2, identical update 1, delete 1, and reads 0', async () => {
    fx.acs.resetCounters();
    const created = (await (
      await fx.call('profileAndServicesExt/profile', { method: 'POST', body: { email: 'acct@example.com' } })
    ).json()) as { href: string };
    expect(fx.acs.counters.engineCalls).toBe(1);
    await fx.call(created.href, { method: 'PATCH', body: { firstName: 'A' } });
    expect(fx.acs.counters.engineCalls).toBe(3);
    await fx.call(created.href, { method: 'PATCH', body: { firstName: 'A' } });
    expect(fx.acs.counters.engineCalls).toBe(4);
    await fx.call(created.href);
    await fx.call(created.href, { method: 'DELETE' });
    expect(fx.acs.counters.engineCalls).toBe(5);
    expect(fx.acs.counters.byOperation).toMatchObject({
      insert: 1,
      update: 1,
      updateNoop: 1,
      delete: 1,
      get: 1,
    });
    expect(fx.acs.counters.requests).toBe(5);
    const ctl = await fetch(`${fx.acs.url}/_sandbox/counters`);
    expect(((await ctl.json()) as { engineCalls: number }).engineCalls).toBe(5);
  });
});

describe('optional calls-per-second limit', () => {
  it('answers 429 with Retry-After once the limit is exceeded', async () => {
    const limited = await startFixture({ callsPerSecond: 2 });
    try {
      const statuses = [];
      for (let i = 0; i < 3; i++) statuses.push(await limited.call('profileAndServices/profile'));
      expect(statuses.map((r) => r.status)).toEqual([200, 200, 429]);
      expect(statuses[2]?.headers.get('retry-after')).toBe('1');
      expect(limited.acs.counters.throttled).toBe(1);
    } finally {
      await limited.close();
    }
  });
});
