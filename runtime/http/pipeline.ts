// The policy order per API. The pause gate sits innermost so a request that waited for a slot re-checks it.
import type { TokenSource } from './auth-policy.ts';
import { bearer } from './auth-policy.ts';
import type { Clock } from './clock.ts';
import { realClock } from './clock.ts';
import type { Aimd, Limiter, RateSizedLimit } from './concurrency.ts';
import { adaptiveConcurrency, limit, observeLatency } from './concurrency.ts';
import type { PauseGate } from './gate.ts';
import { pauseGate } from './gate.ts';
import { observed } from './observe.ts';
import type { RetryOptions } from './retry.ts';
import { retry } from './retry.ts';
import type { TokenBucket } from './token-bucket.ts';
import { rateLimit } from './token-bucket.ts';
import type { Send } from './types.ts';
import { compose } from './types.ts';
import { writeFence } from './write-fence.ts';

export interface DynamicsPipelineOptions {
  /** The configured environment URL: the token is sent to its origin only. */
  readonly home: string;
  readonly transport: Send;
  readonly tokens: TokenSource;
  readonly gate: PauseGate;
  readonly aimd: Aimd;
  readonly clock?: Clock;
  readonly retry?: RetryOptions;
}

/** bearer → retry → AIMD concurrency → pause gate → write fence → wire. */
export const dynamicsPipeline = (o: DynamicsPipelineOptions): Send =>
  compose(
    o.transport,
    observed('Dynamics'),
    writeFence(),
    pauseGate(o.gate, o.clock ?? realClock),
    adaptiveConcurrency(o.aimd),
    retry({ clock: o.clock ?? realClock, ...o.retry }),
    bearer(o.tokens, { home: o.home, service: 'Dynamics' }),
  );

export interface CampaignPipelineOptions {
  /** The configured URL (API or journal): token and API key are sent to its origin only. */
  readonly home: string;
  /** `Campaign` or `Journal`, for errors. */
  readonly service?: string;
  readonly transport: Send;
  readonly tokens: TokenSource;
  readonly apiKey: string;
  readonly gate: PauseGate;
  readonly limiter: Limiter;
  /** Resizes `limiter` (its own) from observed latency so the bucket, not concurrency, binds. */
  readonly sizer?: RateSizedLimit;
  /** Absent for calls that are not engine calls (journal). */
  readonly bucket?: TokenBucket;
  readonly clock?: Clock;
  readonly retry?: RetryOptions;
}

/** bearer + X-Api-Key → retry → concurrency cap → token bucket → pause gate → (latency timer) → write fence → wire. */
export const campaignPipeline = (o: CampaignPipelineOptions): Send => {
  // A Retry-After pause drains the bucket, so the end of the pause is not a full-burst stampede.
  if (o.bucket) o.gate.onPause(o.bucket.holdUntil);
  return compose(
    o.transport,
    observed(o.service ?? 'Campaign'),
    writeFence(),
    // Wire time only: a wait at the pause gate is not latency (it would size concurrency up for nothing).
    ...(o.sizer ? [observeLatency(o.sizer, () => (o.clock ?? realClock).now())] : []),
    pauseGate(o.gate, o.clock ?? realClock),
    ...(o.bucket ? [rateLimit(o.bucket)] : []),
    limit(o.limiter),
    retry({ clock: o.clock ?? realClock, ...o.retry }),
    bearer(o.tokens, { home: o.home, service: o.service ?? 'Campaign', headers: { 'x-api-key': o.apiKey } }),
  );
};
