// Concurrency limits: a semaphore with a movable limit; AIMD moves it for Dynamics, Campaign keeps it fixed.
import type { Policy } from './types.ts';

export class Limiter {
  private active = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private current: number) {}

  get limit(): number {
    return this.current;
  }
  get inFlight(): number {
    return this.active;
  }

  setLimit(n: number): void {
    this.current = Math.max(1, Math.floor(n));
    this.drain();
  }

  async acquire(): Promise<void> {
    if (this.active < this.current) {
      this.active++;
      return;
    }
    await new Promise<void>((resolve) => this.waiting.push(resolve));
  }

  release(): void {
    this.active--;
    this.drain();
  }

  private drain(): void {
    while (this.active < this.current && this.waiting.length > 0) {
      this.active++;
      this.waiting.shift()!();
    }
  }
}

export interface AimdOptions {
  readonly initial?: number;
  readonly max: number;
  /** Successes needed for +1. */
  readonly increaseEvery?: number;
}

/** Additive increase, multiplicative decrease, capped by the server's x-ms-dop-hint. */
export class Aimd {
  readonly limiter: Limiter;
  private successes = 0;
  private hint = Infinity;

  constructor(private readonly opts: AimdOptions) {
    this.limiter = new Limiter(Math.min(opts.initial ?? 2, opts.max));
  }

  get ceiling(): number {
    return Math.min(this.opts.max, this.hint);
  }

  onResponse(status: number, dopHint: string | undefined): void {
    const h = dopHint === undefined ? NaN : Number.parseInt(dopHint, 10);
    if (Number.isFinite(h) && h > 0) this.hint = h;
    if (status === 429) {
      this.successes = 0;
      this.limiter.setLimit(Math.max(1, Math.floor(this.limiter.limit / 2)));
      return;
    }
    if (this.limiter.limit > this.ceiling) this.limiter.setLimit(this.ceiling);
    if (status < 400 && ++this.successes >= (this.opts.increaseEvery ?? 10)) {
      this.successes = 0;
      if (this.limiter.limit < this.ceiling) this.limiter.setLimit(this.limiter.limit + 1);
    }
  }
}

export const limit =
  (limiter: Limiter): Policy =>
  (next) =>
  async (req) => {
    await limiter.acquire();
    try {
      return await next(req);
    } finally {
      limiter.release();
    }
  };

export const adaptiveConcurrency =
  (aimd: Aimd): Policy =>
  (next) =>
  async (req) => {
    await aimd.limiter.acquire();
    try {
      const res = await next(req);
      aimd.onResponse(res.status, res.headers['x-ms-dop-hint']);
      return res;
    } finally {
      aimd.limiter.release();
    }
  };

/**
 * Campaign requests in flight at most when the tenant sets no `concurrency`: ACS documents no limit
 * (reference §9), so this is a conservative bound, not a measured one.
 */
export const CAMPAIGN_MAX_CONCURRENCY = 32;

/** Slots above rate × mean latency: requests waiting for a token hold a slot too, and latency varies (tail ≫ mean). */
const HEADROOM = 2;

/**
 * Campaign: the calls-per-second cap is the binding limit, so concurrency is sized to it from observed
 * wire latency (Little's law: in flight = rate × latency; twice that, plus 2), never above the service's limit.
 */
export class RateSizedLimit {
  readonly limiter: Limiter;
  private latencyMs: number | null = null;

  constructor(
    private readonly ratePerSecond: number,
    private readonly max: number,
  ) {
    // Start at the service's limit (the token bucket, not concurrency, keeps the start from bursting);
    // the first responses size it down to what the rate needs.
    this.limiter = new Limiter(max);
  }

  /** Smoothed wire latency (ms), null before the first response. */
  get latency(): number | null {
    return this.latencyMs;
  }

  observe(ms: number): void {
    this.latencyMs = this.latencyMs === null ? ms : this.latencyMs * 0.8 + ms * 0.2;
    const need = Math.ceil(((this.ratePerSecond * this.latencyMs) / 1000) * HEADROOM) + 2;
    const next = Math.min(this.max, Math.max(1, need));
    if (next !== this.limiter.limit) this.limiter.setLimit(next);
  }
}

/** Times each request from the wire's side of the token bucket and resizes the limit. */
export const observeLatency =
  (sizer: RateSizedLimit, now: () => number): Policy =>
  (next) =>
  async (req) => {
    const t0 = now();
    try {
      return await next(req);
    } finally {
      sizer.observe(now() - t0);
    }
  };
