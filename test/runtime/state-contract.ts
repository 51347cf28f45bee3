// The StateStore contract, run against every adapter (SQLite always, PostgreSQL when a URL is given).
import { describe, expect, it } from 'vitest';
import type { LedgerEntry } from '../../runtime/state/port.ts';
import type { SqlStateStore } from '../../runtime/state/index.ts';
import { MIGRATIONS } from '../../runtime/state/index.ts';
import { StateError } from '../../core/errors.ts';

/** `sameAsPrevious`: a second worker on the database of the previous open (else a fresh database). */
export type Open = (opts?: { now?: () => number; sameAsPrevious?: boolean }) => Promise<SqlStateStore>;

const entry = (flow: string, id: string, hash = 'h1'): LedgerEntry => ({
  flow,
  sourceId: id,
  targetKey: id,
  hash,
  createdByFerry: true,
  matched: true,
  syncedAt: '2026-01-01T00:00:00.000Z',
});

export function stateContract(open: Open): void {
  it('migrate() is idempotent', async () => {
    const s = await open();
    await s.migrate();
    await s.migrate();
    const rows = await s.db.all('SELECT version FROM ferry_migrations ORDER BY version');
    expect(rows.map((r) => Number(r.version))).toEqual(MIGRATIONS.map((m) => m.version));
    await s.close();
  });

  it('concurrent migrate() calls from two stores apply each migration once', async () => {
    const a = await open();
    const b = await open({ sameAsPrevious: true });
    await Promise.all([a.migrate(), b.migrate(), a.migrate()]);
    const rows = await a.db.all('SELECT version FROM ferry_migrations ORDER BY version');
    expect(rows.map((r) => Number(r.version))).toEqual(MIGRATIONS.map((m) => m.version));
    await a.close();
    await b.close();
  });

  it('stores checkpoints, including null', async () => {
    const s = await open();
    expect(await s.getCheckpoint('f', 'delta')).toBeNull();
    await s.setCheckpoint('f', 'delta', 'link-1');
    await s.setCheckpoint('f', 'delta', 'link-2');
    expect(await s.getCheckpoint('f', 'delta')).toBe('link-2');
    await s.setCheckpoint('f', 'delta', null);
    expect(await s.getCheckpoint('f', 'delta')).toBeNull();
    await s.close();
  });

  it('ledger get/put/delete/scan/count with big IN lists', async () => {
    const s = await open();
    const ids = Array.from({ length: 2345 }, (_, i) => `id-${String(i).padStart(5, '0')}`);
    await s.putLedger(ids.map((id) => entry('f', id)));
    await s.putLedger([
      entry('f', 'id-00001', 'h2'),
      entry('f', 'id-00001', 'h3'),
      entry('g', 'id-00001', 'other'),
    ]);
    expect(await s.countLedger('f')).toBe(2345);
    const got = await s.getLedger('f', [...ids, 'missing']);
    expect(got.size).toBe(2345);
    expect(got.get('id-00001')).toEqual(entry('f', 'id-00001', 'h3'));
    let scanned = 0;
    let pages = 0;
    for await (const page of s.scanLedger('f')) {
      scanned += page.length;
      pages++;
    }
    expect([scanned, pages]).toEqual([2345, 3]);
    await s.deleteLedger('f', ids.slice(0, 600));
    expect(await s.countLedger('f')).toBe(1745);
    expect(await s.countLedger('g')).toBe(1);
    await s.close();
  });

  it('transaction rolls back ledger and checkpoint together', async () => {
    const s = await open();
    await expect(
      s.transaction(async () => {
        await s.putLedger([entry('f', 'a')]);
        await s.setCheckpoint('f', 'delta', 'x');
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await s.countLedger('f')).toBe(0);
    expect(await s.getCheckpoint('f', 'delta')).toBeNull();
    await s.transaction(async () => {
      await s.putLedger([entry('f', 'a')]);
      await s.setCheckpoint('f', 'delta', 'y');
    });
    expect(await s.getCheckpoint('f', 'delta')).toBe('y');
    await s.close();
  });

  it('events page intents: put, list oldest first per flow, delete; rolled back with their transaction', async () => {
    const s = await open();
    const writes = [
      { sourceId: "it's-1", targetKey: "sends(id='it''s-1')" },
      { sourceId: 'follow-up:ü', targetKey: 'tasks(ü)' },
    ];
    await s.putEventIntent({ flow: 'ev', page: 'p2', syncedAt: '2026-01-02T00:00:00.000Z', writes: [] });
    await s.putEventIntent({ flow: 'ev', page: 'p1', syncedAt: '2026-01-01T00:00:00.000Z', writes });
    await s.putEventIntent({ flow: 'other', page: 'p1', syncedAt: '2026-01-01T00:00:00.000Z', writes });
    expect(await s.listEventIntents('ev')).toEqual([
      { flow: 'ev', page: 'p1', syncedAt: '2026-01-01T00:00:00.000Z', writes },
      { flow: 'ev', page: 'p2', syncedAt: '2026-01-02T00:00:00.000Z', writes: [] },
    ]);
    await expect(
      s.transaction(async () => {
        await s.deleteEventIntent('ev', 'p1');
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    await s.deleteEventIntent('ev', 'p2');
    expect((await s.listEventIntents('ev')).map((i) => i.page)).toEqual(['p1']);
    expect((await s.listEventIntents('other')).map((i) => i.page)).toEqual(['p1']);
    await s.db.run("UPDATE ferry_event_intents SET writes = '[\"odd\"]' WHERE flow = 'other'");
    await expect(s.listEventIntents('other')).rejects.toMatchObject({ code: 'FERRY_STATE_EVENT_INTENT' });
    await s.close();
  });

  it('dead letters: add twice counts attempts, list, remove', async () => {
    const s = await open();
    await s.addDeadLetter({ flow: 'f', sourceId: 'a', payload: { x: 1 }, reason: 'bad email' });
    await s.addDeadLetter({ flow: 'f', sourceId: 'a', payload: { x: 2 }, reason: 'still bad' });
    await s.addDeadLetter({ flow: 'g', sourceId: 'b', payload: null, reason: 'r' });
    const list = await s.listDeadLetters('f');
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ sourceId: 'a', payload: { x: 2 }, reason: 'still bad', attempts: 2 });
    expect(await s.countDeadLetters()).toBe(2);
    await s.removeDeadLetter(list[0]!.id);
    expect(await s.countDeadLetters('f')).toBe(0);
    await s.close();
  });

  it("dead letters: one record's letter by source id, without listing the flow's others", async () => {
    const s = await open();
    for (const id of ['a', 'b', "c'd"])
      await s.addDeadLetter({ flow: 'f', sourceId: id, payload: { id }, reason: 'bad email' });
    await s.addDeadLetter({ flow: 'g', sourceId: 'b', payload: null, reason: 'r' });
    const one = await s.listDeadLetters('f', { sourceId: 'b', limit: 1 });
    expect(one.map((d) => [d.flow, d.sourceId])).toEqual([['f', 'b']]);
    expect((await s.listDeadLetters('f', { sourceId: "c'd" }))[0]?.payload).toEqual({ id: "c'd" });
    expect(await s.listDeadLetters('f', { sourceId: 'z' })).toEqual([]);
    await s.close();
  });

  it("dead letters: a chunk's records by an IN-list, a reason prefix, and pages after an id", async () => {
    const s = await open();
    for (const id of ['a', 'b', "c'd", 'e'])
      await s.addDeadLetter({
        flow: 'f',
        sourceId: id,
        payload: { id },
        reason: `${id === 'e' ? 'x' : 'parent-missing'}: %_`,
      });
    await s.addDeadLetter({ flow: 'g', sourceId: 'b', payload: null, reason: 'parent-missing: %_' });
    const some = await s.listDeadLetters('f', { sourceIds: ['e', "c'd", 'z', 'b'] });
    expect(some.map((d) => d.sourceId)).toEqual(['b', "c'd", 'e']); // id order, other flows apart
    expect(await s.listDeadLetters('f', { sourceIds: [] })).toEqual([]);
    // Literal prefix: '%' and '_' are no wildcards, and case counts.
    const orphans = await s.listDeadLetters('f', { reasonPrefix: 'parent-missing: %_' });
    expect(orphans.map((d) => d.sourceId)).toEqual(['a', 'b', "c'd"]);
    expect(await s.listDeadLetters('f', { reasonPrefix: 'Parent-missing' })).toEqual([]);
    expect(await s.listDeadLetters('f', { reasonPrefix: 'parent_missing' })).toEqual([]);
    const first = await s.listDeadLetters('f', { limit: 2 });
    const rest = await s.listDeadLetters('f', { afterId: first[1]!.id, limit: 2 });
    expect([...first, ...rest].map((d) => d.sourceId)).toEqual(['a', 'b', "c'd", 'e']);
    expect(await s.listDeadLetters('f', { afterId: rest[1]!.id })).toEqual([]);
    await s.close();
  });

  it('runs, status, audit and pending opt-outs', async () => {
    const s = await open();
    const r1 = await s.startRun('f', 'full');
    const r2 = await s.startRun('f', 'delta');
    await s.endRun(r1, { written: 3 }, null);
    await s.endRun(r2, {}, 'failed hard');
    const runs = await s.listRuns('f', 10);
    expect(runs.map((r) => [r.id, r.mode, r.error])).toEqual([
      [r2, 'delta', 'failed hard'],
      [r1, 'full', null],
    ]);
    expect(runs[1]?.counts).toEqual({ written: 3 });
    expect(await s.getStatus('f')).toBeNull();
    await s.setStatus('f', 'running');
    await s.setStatus('f', 'failed', 'token expired');
    expect(await s.getStatus('f')).toMatchObject({ status: 'failed', detail: 'token expired' });
    await s.audit({
      flow: 'o',
      sourceId: 'c1',
      pair: 'donotbulkemail/denyListEmail',
      dynamicsValue: true,
      campaignValue: null,
      decided: true,
      winner: 'dynamics',
      reason: 'opt-out wins',
      at: '2026-01-01T00:00:00Z',
    });
    expect(await s.listAudit('o', 5)).toEqual([
      expect.objectContaining({ dynamicsValue: true, campaignValue: null, decided: true }),
    ]);
    await s.addPendingOptout({
      flow: 'o',
      sourceId: 'c1',
      side: 'campaign',
      field: 'denyListEmail',
      value: true,
      reason: '503',
    });
    await s.addPendingOptout({
      flow: 'o',
      sourceId: 'c1',
      side: 'campaign',
      field: 'denyListEmail',
      value: true,
      reason: '503 again',
    });
    expect(await s.listPendingOptouts('o')).toEqual([
      {
        flow: 'o',
        sourceId: 'c1',
        side: 'campaign',
        field: 'denyListEmail',
        value: true,
        reason: '503 again',
        attempts: 1,
        // When the write first failed: kept by the repeat.
        since: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      },
    ]);
    await s.resolvePendingOptout('o', 'c1', 'campaign', 'denyListEmail');
    expect(await s.listPendingOptouts('o')).toEqual([]);
    await s.close();
  });

  describe('leases and fencing', () => {
    it('a stale worker cannot move a checkpoint after a takeover', async () => {
      let t = 1_000_000;
      const a = await open({ now: () => t });
      const b = await open({ now: () => t, sameAsPrevious: true });
      const la = await a.acquireLease('f', 'worker-a', 10_000);
      expect(la).toEqual({ fence: 1 });
      expect(await b.acquireLease('f', 'worker-b', 10_000)).toBeNull();
      // Renewal by the holder keeps the fence.
      expect(await a.acquireLease('f', 'worker-a', 10_000)).toEqual({ fence: 1 });
      await a.setCheckpoint('f', 'delta', 'from-a');
      t += 20_000;
      const lb = await b.acquireLease('f', 'worker-b', 10_000);
      expect(lb).toEqual({ fence: 2 });
      await b.setCheckpoint('f', 'delta', 'from-b');
      const err = await a.setCheckpoint('f', 'delta', 'stale').catch((e: unknown) => e);
      expect(err).toBeInstanceOf(StateError);
      expect((err as StateError).code).toBe('FERRY_STATE_FENCED');
      expect(await b.getCheckpoint('f', 'delta')).toBe('from-b');
      await b.releaseLease('f');
      expect(await a.acquireLease('f', 'worker-a', 10_000)).toEqual({ fence: 3 });
      await a.close();
      await b.close();
    });

    it('two workers racing for a free lease: exactly one wins', async () => {
      const t = 5_000_000;
      const a = await open({ now: () => t });
      const b = await open({ now: () => t, sameAsPrevious: true });
      const got = await Promise.all([
        a.acquireLease('race', 'worker-a', 10_000),
        b.acquireLease('race', 'worker-b', 10_000),
      ]);
      expect(got.filter((g) => g !== null)).toEqual([{ fence: 1 }]);
      await a.close();
      await b.close();
    });
  });
}

/** Writes made outside a transaction while one is open are not swallowed by its rollback. */
export function isolationContract(open: Open): void {
  it('a concurrent write outside a failing transaction survives its rollback', async () => {
    const s = await open();
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const tx = s
      .transaction(async () => {
        await s.setCheckpoint('f', 'inside', 'x');
        await gate;
        throw new Error('rollback');
      })
      .catch((e: unknown) => e);
    await new Promise((r) => setImmediate(r));
    const outside = s.setStatus('f', 'running');
    release();
    expect(await tx).toBeInstanceOf(Error);
    await outside;
    expect(await s.getCheckpoint('f', 'inside')).toBeNull();
    expect((await s.getStatus('f'))?.status).toBe('running');
    await s.close();
  });
}
