// One record's transient failure is dead-lettered and retried later; only a sustained outage stops the flow.
import { AuthError, classify, FerryError, HttpError } from '../../core/errors.ts';
import type { RetryBackoff } from '../state/port.ts';

/** Default `resilience.outageBudget`: transient failures with no success in between stop the flow after this. */
export const DEFAULT_OUTAGE_BUDGET_MS = 2 * 60_000;

/** Backoff of a letter dead-lettered for a transient failure (5xx, reset, throttling past the pause budget). */
export const TRANSIENT_BACKOFF: RetryBackoff = { baseMs: 60_000, capMs: 60 * 60_000 };

/** A failure that may succeed later without anyone changing anything (not credentials: those stop the flow). */
export const isTransient = (err: unknown): boolean =>
  err instanceof HttpError && !(err instanceof AuthError) && classify(err).retryable;

export class OutageWatch {
  private failingSince: number | null = null;
  /** Transient failures taken as one record's this run (the in-run retry looks at it). */
  absorbed = 0;

  constructor(
    private readonly budgetMs: number,
    private readonly now: () => number,
  ) {}

  /** A write went through: whatever failed before, the service works. */
  ok(): void {
    this.failingSince = null;
  }

  /**
   * A transient failure of one record: true (dead-letter it, go on) while the service has not been failing
   * for longer than the budget; past it, the flow stops with FERRY_SERVICE_OUTAGE.
   */
  absorb(err: unknown): boolean {
    if (!isTransient(err)) return false;
    const t = this.now();
    this.failingSince ??= t;
    if (t - this.failingSince <= this.budgetMs) {
      this.absorbed++;
      return true;
    }
    throw new FerryError(
      'FERRY_SERVICE_OUTAGE',
      `no write succeeded for ${Math.round((t - this.failingSince) / 1000)} s (outage budget ${Math.round(this.budgetMs / 1000)} s); last failure: ${err instanceof Error ? err.message : String(err)}`,
      { cause: err },
    );
  }
}
