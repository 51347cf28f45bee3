// The HTTP layer: transport + composable policies.
export type { HttpRequest, HttpResponse, Policy, Send } from './types.ts';
export { compose, isIdempotent, withHeaders } from './types.ts';
export type { Clock } from './clock.ts';
export { realClock } from './clock.ts';
export { createTransport } from './transport.ts';
export type { Transport, TransportOptions } from './transport.ts';
export { retry, backoffDelay } from './retry.ts';
export type { RetryOptions } from './retry.ts';
export { PauseGate, pauseGate } from './gate.ts';
export { Aimd, Limiter, adaptiveConcurrency, limit } from './concurrency.ts';
export type { AimdOptions } from './concurrency.ts';
export { TokenBucket, rateLimit } from './token-bucket.ts';
export { parseRetryAfter } from './retry-after.ts';
export { apiMessage, expectOk, httpError, parseJson } from './errors.ts';
export { bearer } from './auth-policy.ts';
export type { TokenSource } from './auth-policy.ts';
export { campaignPipeline, dynamicsPipeline } from './pipeline.ts';
export type { CampaignPipelineOptions, DynamicsPipelineOptions } from './pipeline.ts';
