// Request and licensed engine-call counters, and the optional calls-per-second limit.
import type { Clock } from '../common/clock.ts';

export type Operation =
  | 'list'
  | 'get'
  | 'count'
  | 'metadata'
  | 'history'
  | 'insert'
  | 'update'
  | 'updateNoop'
  | 'delete'
  | 'rejected';

export interface CampaignCounters {
  requests: number;
  /** Licensed engine calls: insert 1, update 2 (1 when nothing changed), delete 1 (reference §9). */
  engineCalls: number;
  byOperation: Record<Operation, number>;
  /** Requests answered 429 by the optional limit. */
  throttled: number;
}

export const ENGINE_COST: Partial<Record<Operation, number>> = {
  insert: 1,
  update: 2,
  updateNoop: 1,
  delete: 1,
};

export function newCounters(): CampaignCounters {
  const byOperation = {
    list: 0,
    get: 0,
    count: 0,
    metadata: 0,
    history: 0,
    insert: 0,
    update: 0,
    updateNoop: 0,
    delete: 0,
    rejected: 0,
  };
  return { requests: 0, engineCalls: 0, byOperation, throttled: 0 };
}

export function record(c: CampaignCounters, op: Operation): void {
  c.byOperation[op]++;
  c.engineCalls += ENGINE_COST[op] ?? 0;
}

/**
 * Sliding one-second window over API calls. ACS documents no 429 at all (reference §9): this is optional
 * fault behaviour for testing ferry's back-off, off by default.
 */
export class CallLimiter {
  private readonly stamps: number[] = [];
  constructor(
    private readonly perSecond: number | undefined,
    private readonly clock: Clock,
  ) {}

  /** Seconds to wait when over the limit, else 0 (and the call is counted). */
  take(): number {
    if (this.perSecond === undefined) return 0;
    const now = this.clock.now();
    while (this.stamps.length > 0 && (this.stamps[0] ?? 0) <= now - 1000) this.stamps.shift();
    if (this.stamps.length >= this.perSecond)
      return Math.max(1, Math.ceil(((this.stamps[0] ?? now) + 1000 - now) / 1000));
    this.stamps.push(now);
    return 0;
  }
}
