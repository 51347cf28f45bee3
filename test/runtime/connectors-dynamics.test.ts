import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuthError, DriftError, HttpError, RecordError } from '../../core/errors.ts';
import type { TenantConnectors } from '../../runtime/connectors/index.ts';
import type { DynamicsPage } from '../../runtime/ports.ts';
import type { DynamicsSide } from './connectors-dynamics-fixture.ts';
import { startDynamicsSide } from './connectors-dynamics-fixture.ts';

const guid = (n: number): string => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

let side: DynamicsSide;
let c: TenantConnectors;
beforeAll(async () => {
  side = await startDynamicsSide();
  for (let i = 1; i <= 10; i++) {
    side.dyn.store.upsert('contact', {
      contactid: guid(i),
      firstname: `F${i}`,
      lastname: `L${i}`,
      emailaddress1: i === 7 ? 'a+b@example.com' : `c${i}@example.com`,
      statecode: 0,
    });
  }
  c = await side.connect();
});
afterAll(async () => {
  await c?.close();
  await side?.close();
});

const collect = async (pages: AsyncIterable<DynamicsPage>): Promise<DynamicsPage[]> => {
  const out: DynamicsPage[] = [];
  for await (const p of pages) out.push(p);
  return out;
};

describe('DynamicsConnector over the Dataverse emulator', () => {
  it('gets an msal token from the Entra emulator by configuration only, and reuses it', async () => {
    const pages = await collect(
      c.dynamics.readAll({ entitySet: 'contacts', select: ['contactid', 'lastname'], filter: null }),
    );
    expect(pages.flatMap((p) => p.rows)).toHaveLength(10);
    // 10 rows at odata.maxpagesize=3: 4 pages, following @odata.nextLink.
    expect(pages).toHaveLength(4);
    expect(pages.every((p) => p.deltaLink === undefined && p.deleted.length === 0)).toBe(true);
    expect(c.tokens.dynamics.fetched).toBe(1);
    expect(side.entra.counters.issued).toBe(1);
  });

  it('pushes $filter down, URL-encoding + and quotes', async () => {
    const pages = await collect(
      c.dynamics.readAll({
        entitySet: 'contacts',
        select: ['contactid', 'emailaddress1'],
        filter: "emailaddress1 eq 'a+b@example.com' and statecode eq 0",
      }),
    );
    const rows = pages.flatMap((p) => p.rows);
    expect(rows.map((r) => r.contactid)).toEqual([guid(7)]);
  });

  it('change tracking: deltaLink on the last page, then changes and deletes; expired token → HttpError 4xx', async () => {
    const initial = await collect(
      c.dynamics.startTracking({ entitySet: 'contacts', select: ['contactid', 'lastname'] }),
    );
    expect(initial.flatMap((p) => p.rows)).toHaveLength(10);
    expect(initial.slice(0, -1).every((p) => p.deltaLink === undefined)).toBe(true);
    const link = initial[initial.length - 1]?.deltaLink;
    expect(link).toMatch(/^http/);
    side.dyn.store.upsert('contact', { contactid: guid(3), lastname: 'Changed' });
    side.dyn.store.delete('contact', guid(4));
    const delta = await collect(c.dynamics.readDelta(link!));
    expect(delta.flatMap((p) => p.rows).map((r) => [r.contactid, r.lastname])).toEqual([
      [guid(3), 'Changed'],
    ]);
    expect(delta.flatMap((p) => p.deleted)).toEqual([guid(4)]);
    const next = delta[delta.length - 1]?.deltaLink;
    expect(next).toBeDefined();
    side.dyn.advanceClock(8 * 24 * 3600_000);
    const err = await collect(c.dynamics.readDelta(next!)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HttpError);
    expect((err as HttpError).status).toBeGreaterThanOrEqual(400);
    expect((err as HttpError).status).toBeLessThan(500);
  });

  it('getByIds reads chunks by primary key and rejects non-GUIDs', async () => {
    const rows = await c.dynamics.getByIds({
      entitySet: 'contacts',
      primaryKey: 'contactid',
      select: ['contactid', 'firstname'],
      ids: [guid(1), guid(2), guid(9), guid(2)],
    });
    expect(rows.map((r) => r.contactid).sort()).toEqual([guid(1), guid(2), guid(9)]);
    await expect(
      c.dynamics.getByIds({
        entitySet: 'contacts',
        primaryKey: 'contactid',
        select: ['contactid'],
        ids: ["x' or 1 eq 1"],
      }),
    ).rejects.toBeInstanceOf(RecordError);
  });

  it('$batch with continue-on-error: one poison record fails alone, the rest are written', async () => {
    const writes = Array.from({ length: 6 }, (_, i) => ({
      entitySet: 'ferry_emailsends',
      key: `ferry_eventid='evt-${i}'`,
      body: { subject: i === 2 ? 'x'.repeat(500) : `Send ${i}` },
      ref: `r${i}`,
    }));
    // Without UpsertMultiple support the connector uses $batch.
    const cb = await side.connect({ upsertMultiple: new Map() });
    const before = side.dyn.counters.byRoute['POST $batch'] ?? 0;
    const results = await cb.dynamics.upsert(writes);
    await cb.close();
    expect(results.map((r) => r.ok)).toEqual([true, true, false, true, true, true]);
    expect(results[2]?.status).toBe(400);
    expect(results[2]?.error).toMatch(/length/i);
    expect(results.map((r) => r.ref)).toEqual(writes.map((w) => w.ref));
    // batchSize 4 (tenant) → 2 $batch requests.
    expect((side.dyn.counters.byRoute['POST $batch'] ?? 0) - before).toBe(2);
    expect(cb.dynamics.stats.requests).toBe(2);
    expect(side.dyn.store.count('ferry_emailsend')).toBe(5);
  });

  it('UpsertMultiple splits a failing chunk until the bad record is isolated', async () => {
    const writes = Array.from({ length: 8 }, (_, i) => ({
      entitySet: 'contacts',
      key: guid(100 + i),
      body: { lastname: i === 5 ? 'y'.repeat(300) : `Bulk ${i}`, firstname: 'B' },
      ref: `u${i}`,
    }));
    const before = side.dyn.counters.byRoute['POST contacts'] ?? 0;
    const results = await c.dynamics.upsert(writes);
    expect(results.filter((r) => !r.ok).map((r) => r.ref)).toEqual(['u5']);
    expect(results.find((r) => r.ref === 'u5')?.error).toMatch(/length/i);
    expect(side.dyn.store.get('contact', guid(104))?.lastname).toBe('Bulk 4');
    expect(side.dyn.store.get('contact', guid(105))).toBeUndefined();
    // Chunk [0..3] ok (1), chunk [4..] grows to 5 wide but only 4 left: fail, [4,5] fail, [4] ok, [5] fail, [6,7] ok.
    const calls = (side.dyn.counters.byRoute['POST contacts'] ?? 0) - before;
    expect(calls).toBeGreaterThanOrEqual(5);
    expect(calls).toBeLessThanOrEqual(7);
  });

  it('attributeTypes from the live $metadata', async () => {
    const types = await c.dynamics.attributeTypes('contact');
    expect(types.get('emailaddress1')).toBe('Edm.String');
    expect(types.get('contactid')).toBe('Edm.Guid');
  });

  it('a wrong client secret is an AuthError naming the client, never the secret', async () => {
    const bad = await side.connect({ env: { T_DYN_SECRET: 'wrong-dyn-secret-value', T_ACS_SECRET: 'x' } });
    try {
      const err = await collect(
        bad.dynamics.readAll({ entitySet: 'contacts', select: ['contactid'], filter: null }),
      ).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(AuthError);
      expect((err as AuthError).code).toBe('FERRY_AUTH_DYNAMICS');
      expect((err as Error).message).not.toContain('wrong-dyn-secret-value');
      expect(JSON.stringify((err as AuthError).details)).not.toContain('wrong-dyn-secret-value');
    } finally {
      await bad.close();
    }
  });

  it('attributeTypes of an entity missing from live metadata is drift', async () => {
    await expect(c.dynamics.attributeTypes('nope_entity')).rejects.toBeInstanceOf(DriftError);
  });

  it('401 on an expired token → one forced refresh → retried', async () => {
    const issued = side.entra.counters.issued ?? 0;
    // The emulators' clock passes the token's expiry; msal's cache (wall clock) still holds it.
    side.clock.advance(2 * 3600_000);
    const pages = await collect(
      c.dynamics.readAll({ entitySet: 'contacts', select: ['contactid'], filter: null }),
    );
    expect(pages.flatMap((p) => p.rows).length).toBeGreaterThan(0);
    expect((side.entra.counters.issued ?? 0) - issued).toBe(1);
  });

  it('many requests hitting 401 together cost one new token', async () => {
    const issued = side.entra.counters.issued ?? 0;
    side.clock.advance(2 * 3600_000);
    const all = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        c.dynamics.getByIds({
          entitySet: 'contacts',
          primaryKey: 'contactid',
          select: ['contactid'],
          ids: [guid(i + 5)],
        }),
      ),
    );
    expect(all.every((rows) => rows.length === 1)).toBe(true);
    expect((side.entra.counters.issued ?? 0) - issued).toBe(1);
  });

  it('429 with Retry-After pauses the tenant+target and halves concurrency', async () => {
    side.dyn.faults.setRules([
      { path: '/api/data/v9.2/contacts', stormRate: 1, stormLength: 1, retryAfterSeconds: 1 },
    ]);
    const limitBefore = c.aimd.limiter.limit;
    const started = Date.now();
    // The storm rule stays until the first 429 has closed the gate, so exactly one throttled answer is seen.
    const stop = setInterval(() => {
      if (c.gates.dynamics.pauses > 0) side.dyn.faults.setRules([]);
    }, 5);
    try {
      const rows = (
        await collect(
          c.dynamics.readAll({ entitySet: 'contacts', select: ['contactid'], filter: 'statecode eq 0' }),
        )
      ).flatMap((p) => p.rows);
      expect(rows.length).toBeGreaterThan(0);
    } finally {
      clearInterval(stop);
      side.dyn.faults.setRules([]);
    }
    expect(c.gates.dynamics.pauses).toBeGreaterThan(0);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(c.aimd.limiter.limit).toBeLessThanOrEqual(Math.max(1, Math.floor(limitBefore / 2)) + 1);
  });
});
