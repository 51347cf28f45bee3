// How long the requests of one run may wait on Retry-After in total before a throttled answer is given up.
/** Throttled answers one request may get, whatever their Retry-After (a `0` would otherwise loop). */
export const MAX_THROTTLED_TRIES = 100;

export class PauseBudget {
  private spentMs = 0;
  private coveredUntil = 0;

  /** `limitMs`: total Retry-After wait allowed per run (the tenant's `resilience.pauseBudget`). */
  constructor(readonly limitMs: number = 5 * 60_000) {}

  /**
   * A Retry-After of `ms` received at `now`. Requests waiting out the same pause share it: only the wall time
   * not already covered is spent. False once the budget is spent (the caller stops waiting).
   */
  spend(ms: number, now: number): boolean {
    const cost = Math.max(0, now + ms - Math.max(now, this.coveredUntil));
    if (this.spentMs + cost > this.limitMs) return false;
    this.spentMs += cost;
    this.coveredUntil = Math.max(this.coveredUntil, now + ms);
    return true;
  }

  get spent(): number {
    return this.spentMs;
  }

  /** A new run starts with the whole budget. */
  reset(): void {
    this.spentMs = 0;
    this.coveredUntil = 0;
  }
}
