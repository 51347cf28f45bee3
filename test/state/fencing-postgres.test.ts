// Fencing on PostgreSQL (set FERRY_TEST_POSTGRES_URL), and a paused worker's open transaction not blocking a takeover.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StateError } from '../../core/errors.ts';
import { openStateStore } from '../../runtime/state/index.ts';
import { fencingContract } from './fencing-contract.ts';
import { createDatabase, PG_URL } from './pg-database.ts';

if (PG_URL === undefined) {
  describe.skip('fencing on PostgreSQL (set FERRY_TEST_POSTGRES_URL to run)', () => undefined);
} else {
  const base = PG_URL;
  describe('fencing on PostgreSQL', () => {
    const drops: (() => Promise<void>)[] = [];
    const fresh = async (): Promise<string> => {
      const db = await createDatabase(base);
      drops.push(db.drop);
      return db.url;
    };
    afterAll(async () => {
      for (const d of drops) await d();
    });

    fencingContract(async (now) => {
      const url = await fresh();
      return [await openStateStore(url, '.', { now }), await openStateStore(url, '.', { now })] as const;
    });

    let url = '';
    beforeAll(async () => void (url = await fresh()));

    it('a transaction left open by a paused worker is ended by the server, so the takeover is not blocked', async () => {
      let t = 1_000_000;
      const now = (): number => t;
      const a = await openStateStore(url, '.', { now, idleInTransactionMs: 300 });
      const b = await openStateStore(url, '.', { now });
      await a.acquireLease('f', 'worker-a', 10_000);
      let resume!: () => void;
      const paused = new Promise<void>((r) => (resume = r));
      let inside!: () => void;
      const opened = new Promise<void>((r) => (inside = r));
      // a writes under its lease (FOR SHARE on the lease row), then "pauses" inside the transaction.
      const stale = a
        .transaction(async () => {
          await a.setCheckpoint('f', 'deltaLink', 'stale');
          inside();
          await paused;
          await a.setCheckpoint('f', 'deltaLink', 'stale-2');
        })
        .catch((e: unknown) => e);
      await opened;
      t += 20_000;
      // The row stays locked until the server ends a's idle transaction; then b takes over.
      let got = null;
      while (got === null) got = await b.acquireLease('f', 'worker-b', 10_000);
      expect(got).toEqual({ fence: 2 });
      resume();
      expect(await stale).toBeInstanceOf(Error);
      expect(await b.getCheckpoint('f', 'deltaLink')).toBeNull();
      // a's pool recovers (a new connection) and its writes are refused by the fence.
      const err = await a.setCheckpoint('f', 'deltaLink', 'stale-3').catch((e: unknown) => e);
      expect((err as StateError).code).toBe('FERRY_STATE_FENCED');
      await a.close();
      await b.close();
    });
  });
}
