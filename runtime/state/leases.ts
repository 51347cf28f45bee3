// Worker leases with fencing numbers: a worker whose lease was taken over can no longer write this flow's state.
import { StateError } from '../../core/errors.ts';
import type { SqlDriver } from './driver.ts';

export interface Lease {
  readonly fence: number;
}

/** A flow's lease row as stored: `worker` is null once released; `expiresAt` is epoch ms. */
export interface LeaseRow {
  readonly worker: string | null;
  readonly fence: number;
  readonly expiresAt: number;
}

export class Leases {
  /** flow -> fence this process holds (or held until a takeover it has not noticed yet). */
  private readonly held = new Map<string, { fence: number; worker: string }>();

  constructor(
    private readonly db: SqlDriver,
    private readonly now: () => number,
  ) {}

  /**
   * Take the lease of `flow`; null when another live worker holds it or its row is locked. This process
   * renewing its own lease keeps the fence; any other taker (a restart with the same worker id included)
   * bumps it, so every write of the previous holder is refused from then on.
   */
  async acquire(flow: string, worker: string, ttlMs: number, deadHolder?: string): Promise<Lease | null> {
    const lease = await this.db.transaction(async () => {
      await this.db.run(
        'INSERT INTO ferry_leases (flow, worker, fence, expires_at) VALUES (?, NULL, 0, 0) ON CONFLICT (flow) DO NOTHING',
        [flow],
      );
      // SKIP LOCKED: a worker busy taking the same lease (or writing under it) makes us back off instead of queueing.
      const lock = this.db.dialect === 'postgres' ? ' FOR UPDATE SKIP LOCKED' : '';
      const [row] = await this.db.all(
        `SELECT worker, fence, expires_at FROM ferry_leases WHERE flow = ?${lock}`,
        [flow],
      );
      if (!row) return null;
      const now = this.now();
      const h = this.held.get(flow);
      const ours =
        h !== undefined && h.worker === worker && row.worker === worker && Number(row.fence) === h.fence;
      // `deadHolder`: the caller saw that worker's process is gone (same host), so its lease need not run out.
      const live = Number(row.expires_at) > now && row.worker !== deadHolder;
      if (!ours && row.worker !== null && row.worker !== worker && live) return null;
      const fence = ours ? Number(row.fence) : Number(row.fence) + 1;
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

  /** Extend the lease this process holds; false when its fence has moved on (never takes a lease back). */
  async renew(flow: string, ttlMs: number): Promise<boolean> {
    const h = this.held.get(flow);
    if (!h) return false;
    const n = await this.db.run(
      'UPDATE ferry_leases SET expires_at = ? WHERE flow = ? AND worker = ? AND fence = ?',
      [this.now() + ttlMs, flow, h.worker, h.fence],
    );
    return n === 1;
  }

  async release(flow: string): Promise<void> {
    const h = this.held.get(flow);
    if (!h) return;
    const n = await this.db.run(
      'UPDATE ferry_leases SET worker = NULL, expires_at = 0 WHERE flow = ? AND worker = ? AND fence = ?',
      [flow, h.worker, h.fence],
    );
    // Taken over meanwhile: keep refusing this flow's writes here until this process takes the lease again.
    if (n === 1) this.held.delete(flow);
  }

  async row(flow: string): Promise<LeaseRow | null> {
    const [r] = await this.db.all('SELECT worker, fence, expires_at FROM ferry_leases WHERE flow = ?', [
      flow,
    ]);
    if (!r) return null;
    return {
      worker: r.worker === null ? null : String(r.worker),
      fence: Number(r.fence),
      expiresAt: Number(r.expires_at),
    };
  }

  /** Writes of `flow` are fenced only while this process holds (or believes it holds) its lease. */
  holds(flow: string): boolean {
    return this.held.has(flow);
  }

  /** Throws FERRY_STATE_FENCED when this process held a lease on `flow` that another worker has since taken. Call inside a transaction. */
  async check(flow: string): Promise<void> {
    const h = this.held.get(flow);
    if (!h) return;
    // FOR SHARE: a takeover (UPDATE) cannot commit between this check and our write's commit.
    const lock = this.db.dialect === 'postgres' ? ' FOR SHARE' : '';
    const [row] = await this.db.all(`SELECT worker, fence FROM ferry_leases WHERE flow = ?${lock}`, [flow]);
    if (!row || Number(row.fence) !== h.fence || row.worker !== h.worker) {
      throw new StateError(
        'FERRY_STATE_FENCED',
        `lease lost: flow ${flow} is now held by ${row?.worker === null || !row ? 'no worker' : String(row.worker)} with fence ${row ? String(row.fence) : 'none'} (this worker held fence ${h.fence}); write refused`,
        { details: { flow, fence: h.fence } },
      );
    }
  }
}
