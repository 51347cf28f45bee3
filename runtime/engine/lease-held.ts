// The lease a flow run holds: renewal timer, write deadline (monotonic clock) and loss detection.
import { StateError } from '../../core/errors.ts';
import type { LeaseSettings } from './lease-settings.ts';

export interface LeasingStore {
  acquireLease(
    flow: string,
    worker: string,
    ttlMs: number,
    deadHolder?: string,
  ): Promise<{ fence: number } | null>;
  renewLease(flow: string, ttlMs: number): Promise<boolean>;
  releaseLease(flow: string): Promise<void>;
  leaseOf(flow: string): Promise<{ worker: string | null; fence: number; expiresAt: number } | null>;
}

export interface HeldLease {
  /** Aborted as soon as the lease is known to be lost. */
  readonly signal: AbortSignal;
  /** Before each API write: throws FERRY_LEASE_LOST once the lease is gone or past its write deadline. */
  readonly guard: () => void | Promise<void>;
  /** After a failure: the lease-lost error when the lease is gone (asks the store), else null. */
  lost(): Promise<StateError | null>;
  release(): Promise<void>;
}

export class Held implements HeldLease {
  private readonly ac = new AbortController();
  private readonly timer: NodeJS.Timeout;
  private deadline: number;
  private error: StateError | null = null;
  private renewing: Promise<boolean> | null = null;

  constructor(
    private readonly store: LeasingStore,
    private readonly flow: string,
    private readonly worker: string,
    private readonly fence: number,
    private readonly settings: LeaseSettings,
    t0: number,
  ) {
    this.deadline = t0 + settings.ttlMs - settings.marginMs;
    // Renewed on a timer, not on progress: a slow page must not lose the lease.
    this.timer = setInterval(() => void this.renew(), settings.renewMs);
    this.timer.unref();
  }

  get signal(): AbortSignal {
    return this.ac.signal;
  }

  readonly guard = (): void | Promise<void> => {
    if (this.error) throw this.error;
    if (performance.now() < this.deadline) return;
    return this.lateRenew();
  };

  /** Past the deadline (a pause, a busy loop, a state store outage): write only if a renewal succeeds now. */
  private async lateRenew(): Promise<void> {
    const ok = await this.renew();
    if (this.error) throw this.error;
    if (!ok || performance.now() >= this.deadline)
      throw this.lose(
        `its lease (${this.settings.ttlMs} ms) could not be renewed before the write deadline (${this.settings.marginMs} ms before expiry)`,
      );
  }

  /** One renewal at a time; a transient store error leaves the deadline to decide. */
  private renew(): Promise<boolean> {
    if (this.error) return Promise.resolve(false);
    if (this.renewing) return this.renewing;
    const t = performance.now();
    this.renewing = this.store
      .renewLease(this.flow, this.settings.ttlMs)
      .then(
        async (ok) => {
          if (ok) this.deadline = Math.max(this.deadline, t + this.settings.ttlMs - this.settings.marginMs);
          else await this.lost();
          return ok;
        },
        () => false,
      )
      .finally(() => (this.renewing = null));
    return this.renewing;
  }

  async lost(): Promise<StateError | null> {
    if (this.error) return this.error;
    const row = await this.store.leaseOf(this.flow).catch(() => null);
    if (row !== null && (row.fence !== this.fence || row.worker !== this.worker))
      return this.lose(
        `taken over by ${row.worker ?? 'no worker (released)'} with fence ${row.fence} (this worker held fence ${this.fence})`,
      );
    // Past the deadline without a renewal: another worker may take over any moment; treat as lost.
    if (performance.now() >= this.deadline + this.settings.marginMs)
      return this.lose('its lease expired before it could be renewed');
    return null;
  }

  private lose(reason: string): StateError {
    if (this.error === null) {
      this.error = new StateError(
        'FERRY_LEASE_LOST',
        `lease lost: flow ${this.flow}: ${reason}; this worker stopped writing`,
        { details: { flow: this.flow, fence: this.fence, worker: this.worker } },
      );
      clearInterval(this.timer);
      this.ac.abort(this.error);
    }
    return this.error;
  }

  async release(): Promise<void> {
    clearInterval(this.timer);
    // Conditional on the fence: releasing a lease another worker took over changes nothing.
    await this.store.releaseLease(this.flow);
  }
}
