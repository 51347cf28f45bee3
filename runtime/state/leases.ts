// Worker leases with fencing numbers: a worker whose lease was taken over can no longer move checkpoints.
import { StateError } from '../../core/errors.ts';
import type { SqlDriver } from './driver.ts';

export interface Lease {
  readonly fence: number;
}

export class Leases {
  /** flow -> fence this process holds. */
  private readonly held = new Map<string, { fence: number; worker: string }>();

  constructor(
    private readonly db: SqlDriver,
    private readonly now: () => number,
  ) {}

  /** Take (or renew) the lease of `flow`; null when another live worker holds it or its row is locked. */
  async acquire(flow: string, worker: string, ttlMs: number): Promise<Lease | null> {
    const lease = await this.db.transaction(async () => {
      await this.db.run(
        'INSERT INTO ferry_leases (flow, worker, fence, expires_at) VALUES (?, NULL, 0, 0) ON CONFLICT (flow) DO NOTHING',
        [flow],
      );
      // SKIP LOCKED: a worker busy taking the same lease makes us back off instead of queueing.
      const lock = this.db.dialect === 'postgres' ? ' FOR UPDATE SKIP LOCKED' : '';
      const [row] = await this.db.all(
        `SELECT worker, fence, expires_at FROM ferry_leases WHERE flow = ?${lock}`,
        [flow],
      );
      if (!row) return null;
      const now = this.now();
      const mine = row.worker === worker && Number(row.expires_at) > now;
      if (!mine && row.worker !== null && Number(row.expires_at) > now) return null;
      // Renewal keeps the fence; a takeover (or a re-acquire after expiry) bumps it.
      const fence = mine ? Number(row.fence) : Number(row.fence) + 1;
      await this.db.run('UPDATE ferry_leases SET worker = ?, fence = ?, expires_at = ? WHERE flow = ?', [
        worker,
        fence,
        now + ttlMs,
        flow,
      ]);
      return { fence };
    });
    if (lease) this.held.set(flow, { fence: lease.fence, worker });
    return lease;
  }

  async release(flow: string): Promise<void> {
    const h = this.held.get(flow);
    if (!h) return;
    this.held.delete(flow);
    await this.db.run('UPDATE ferry_leases SET worker = NULL, expires_at = 0 WHERE flow = ? AND fence = ?', [
      flow,
      h.fence,
    ]);
  }

  /** Throws FERRY_STATE_FENCED when this process held a lease on `flow` that another worker has since taken. Call inside a transaction. */
  async check(flow: string): Promise<void> {
    const h = this.held.get(flow);
    if (!h) return;
    const lock = this.db.dialect === 'postgres' ? ' FOR SHARE' : '';
    const [row] = await this.db.all(`SELECT worker, fence FROM ferry_leases WHERE flow = ?${lock}`, [flow]);
    if (!row || Number(row.fence) !== h.fence || row.worker !== h.worker) {
      throw new StateError(
        'FERRY_STATE_FENCED',
        `Flow ${flow}: lease fence ${h.fence} is stale (current ${row ? String(row.fence) : 'none'}); another worker owns this flow`,
        {
          details: { flow, fence: h.fence },
        },
      );
    }
  }
}
