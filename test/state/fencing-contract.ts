// Fencing on every state write, run against both adapters: a worker whose lease was taken over writes nothing.
import { expect, it } from 'vitest';
import { StateError } from '../../core/errors.ts';
import type { SqlStateStore } from '../../runtime/state/index.ts';
import type { LedgerEntry } from '../../runtime/state/port.ts';

/** Two stores on one database (two workers), sharing a clock the test moves. */
export type OpenPair = (now: () => number) => Promise<readonly [SqlStateStore, SqlStateStore]>;

const entry = (id: string, hash = 'h'): LedgerEntry => ({
  flow: 'f',
  sourceId: id,
  targetKey: id,
  hash,
  createdByFerry: true,
  matched: true,
  syncedAt: '2026-01-01T00:00:00.000Z',
});

/** Every state write a run makes, as (name, write) pairs. */
const WRITES: readonly (readonly [string, (s: SqlStateStore) => Promise<unknown>])[] = [
  ['putLedger (ledger rows and create intents)', (s) => s.putLedger([entry('x', 'stale')])],
  [
    'putEventIntent',
    (s) =>
      s.putEventIntent({
        flow: 'f',
        page: 'stale',
        syncedAt: '2026-01-01T00:00:00.000Z',
        writes: [{ sourceId: 'x', targetKey: 'x' }],
      }),
  ],
  ['deleteEventIntent', (s) => s.deleteEventIntent('f', 'kept')],
  ['deleteLedger', (s) => s.deleteLedger('f', ['kept'])],
  ['pruneLedger', (s) => s.pruneLedger('f', '2030-01-01T00:00:00.000Z')],
  ['setCheckpoint', (s) => s.setCheckpoint('f', 'deltaLink', 'stale')],
  ['addDeadLetter', (s) => s.addDeadLetter({ flow: 'f', sourceId: 'x', payload: null, reason: 'stale' })],
  ['setStatus', (s) => s.setStatus('f', 'failed', 'stale')],
  [
    'audit',
    (s) =>
      s.audit({
        flow: 'f',
        sourceId: 'x',
        pair: 'p',
        dynamicsValue: true,
        campaignValue: false,
        decided: true,
        winner: 'dynamics',
        reason: 'stale',
        at: '2026-01-01T00:00:00.000Z',
      }),
  ],
  [
    'addPendingOptout',
    (s) =>
      s.addPendingOptout({
        flow: 'f',
        sourceId: 'x',
        side: 'campaign',
        field: 'd',
        value: true,
        reason: 'stale',
      }),
  ],
  ['resolvePendingOptout', (s) => s.resolvePendingOptout('f', 'kept', 'campaign', 'd')],
  ['putOptoutSeen', (s) => s.putOptoutSeen([{ flow: 'f', key: 'x', field: 'd', value: true, since: 'x' }])],
];

/** Everything of flow `f` a stale write could have changed. */
async function snapshot(s: SqlStateStore): Promise<unknown> {
  return {
    ledger: await s.db.all("SELECT source_id, hash FROM ferry_ledger WHERE flow = 'f' ORDER BY source_id"),
    checkpoint: await s.getCheckpoint('f', 'deltaLink'),
    letters: (await s.listDeadLetters('f')).map((d) => [d.sourceId, d.reason, d.attempts]),
    status: (await s.getStatus('f'))?.status ?? null,
    audit: (await s.listAudit('f', 10)).length,
    pending: (await s.listPendingOptouts('f')).map((p) => [p.sourceId, p.reason]),
    seen: (await s.getOptoutSeen('f', ['x'])).length,
    intents: (await s.listEventIntents('f')).map((i) => i.page),
  };
}

export function fencingContract(open: OpenPair): void {
  it('after a takeover, every state write of the old holder is refused and changes nothing', async () => {
    let t = 1_000_000;
    const [a, b] = await open(() => t);
    expect(await a.acquireLease('f', 'worker-a', 10_000)).toEqual({ fence: 1 });
    await a.putLedger([entry('kept')]);
    await a.addDeadLetter({ flow: 'f', sourceId: 'kept', payload: null, reason: 'first' });
    await a.putEventIntent({ flow: 'f', page: 'kept', syncedAt: '2026-01-01T00:00:00.000Z', writes: [] });
    await a.addPendingOptout({
      flow: 'f',
      sourceId: 'kept',
      side: 'campaign',
      field: 'd',
      value: true,
      reason: 'r',
    });
    t += 20_000; // a's lease expired (a was paused); b takes the flow over
    expect(await b.acquireLease('f', 'worker-b', 10_000)).toEqual({ fence: 2 });
    await b.setStatus('f', 'running');
    const before = await snapshot(b);
    const letter = (await a.listDeadLetters('f'))[0];
    for (const [name, write] of [
      ...WRITES,
      ['removeDeadLetter', (s: SqlStateStore) => s.removeDeadLetter(letter?.id ?? -1)] as const,
    ]) {
      const err = await write(a).then(
        () => null,
        (e: unknown) => e,
      );
      expect(err, name).toBeInstanceOf(StateError);
      expect((err as StateError).code, name).toBe('FERRY_STATE_FENCED');
      expect((err as StateError).message, name).toMatch(
        /^lease lost: flow f is now held by worker-b with fence 2/,
      );
    }
    expect(await snapshot(b)).toEqual(before);
    // A fenced write inside a larger transaction rolls the whole transaction back.
    const tx = await a
      .transaction(async () => {
        await a.db.run("UPDATE ferry_flow_status SET detail = 'partial' WHERE flow = 'f'");
        await a.setCheckpoint('f', 'deltaLink', 'stale');
      })
      .catch((e: unknown) => e);
    expect(tx).toBeInstanceOf(StateError);
    expect((await b.getStatus('f'))?.detail).toBeNull();
    // The new holder writes normally.
    await b.setCheckpoint('f', 'deltaLink', 'from-b');
    expect(await b.getCheckpoint('f', 'deltaLink')).toBe('from-b');
    await a.close();
    await b.close();
  });

  it('renewal keeps the fence, never takes back a lease that moved on, and a released-after-takeover flow stays fenced', async () => {
    let t = 2_000_000;
    const [a, b] = await open(() => t);
    await a.acquireLease('f', 'worker-a', 10_000);
    t += 5_000;
    expect(await a.renewLease('f', 10_000)).toBe(true);
    expect(await a.leaseOf('f')).toEqual({ worker: 'worker-a', fence: 1, expiresAt: t + 10_000 });
    // Expired, but nobody took it: renewing is still safe (the fence did not move).
    t += 20_000;
    expect(await a.renewLease('f', 10_000)).toBe(true);
    t += 20_000;
    expect(await b.acquireLease('f', 'worker-b', 10_000)).toEqual({ fence: 2 });
    expect(await a.renewLease('f', 10_000)).toBe(false);
    // b releases: a's renewal must not take the free lease back (the issue: a resumed worker's timer did).
    await b.releaseLease('f');
    expect(await a.renewLease('f', 10_000)).toBe(false);
    expect((await a.leaseOf('f'))?.worker).toBeNull();
    // a "releases" after the takeover: nothing changes, and its writes stay refused.
    await a.releaseLease('f');
    const err = await a.setCheckpoint('f', 'deltaLink', 'stale').catch((e: unknown) => e);
    expect((err as StateError).code).toBe('FERRY_STATE_FENCED');
    // Only a fresh acquire (new fence) lets a write again.
    expect(await a.acquireLease('f', 'worker-a', 10_000)).toEqual({ fence: 3 });
    await a.setCheckpoint('f', 'deltaLink', 'from-a');
    await a.close();
    await b.close();
  });

  it('a second process with the same worker id takes the lease with a new fence (its earlier self is fenced off)', async () => {
    const t = 3_000_000;
    const [a, b] = await open(() => t);
    expect(await a.acquireLease('f', 'same', 10_000)).toEqual({ fence: 1 });
    expect(await b.acquireLease('f', 'same', 10_000)).toEqual({ fence: 2 });
    const err = await a.putLedger([entry('x')]).catch((e: unknown) => e);
    expect((err as StateError).code).toBe('FERRY_STATE_FENCED');
    await a.close();
    await b.close();
  });

  it('writes of flows this process does not lease are not fenced (dlq, status commands)', async () => {
    const [a, b] = await open(() => 4_000_000);
    await b.acquireLease('f', 'worker-b', 10_000);
    await a.setStatus('f', 'stopped');
    await a.addDeadLetter({ flow: 'f', sourceId: 'y', payload: null, reason: 'r' });
    expect(await a.countDeadLetters('f')).toBe(1);
    await a.close();
    await b.close();
  });
}
