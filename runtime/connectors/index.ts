// Build the connectors of one tenant: secrets, tokens, pipelines, one pause gate per tenant+target.
import { ConfigError } from '../../core/errors.ts';
import type { TenantFile } from '../../core/model/tenant.ts';
import { dynamicsCredential } from '../auth/credential.ts';
import type { DynamicsTokenSource } from '../auth/dynamics.ts';
import { imsTokenSource } from '../auth/ims.ts';
import type { ImsTokenSource } from '../auth/ims.ts';
import type { Clock } from '../http/clock.ts';
import { realClock } from '../http/clock.ts';
import { Aimd, CAMPAIGN_MAX_CONCURRENCY, Limiter, RateSizedLimit } from '../http/concurrency.ts';
import { PauseGate } from '../http/gate.ts';
import type { PauseBudget } from '../http/pause-budget.ts';
import { campaignPipeline, dynamicsPipeline } from '../http/pipeline.ts';
import type { RetryOptions } from '../http/retry.ts';
import { retry } from '../http/retry.ts';
import { TokenBucket } from '../http/token-bucket.ts';
import { createTransport } from '../http/transport.ts';
import { compose } from '../http/types.ts';
import type { Logger } from '../log.ts';
import { resolveSecret } from '../secrets.ts';
import { CampaignConnector } from './campaign/connector.ts';
import { DynamicsConnector } from './dynamics/connector.ts';
import { JournalConnector } from './journal.ts';
import { V8LogsConnector } from './campaign/v8-logs.ts';

export { CampaignConnector } from './campaign/connector.ts';
export type { CampaignConnectorOptions } from './campaign/connector.ts';
export { DynamicsConnector, upsertMultipleSets } from './dynamics/connector.ts';
export type { DynamicsConnectorOptions } from './dynamics/connector.ts';
export { JournalConnector, nextLink } from './journal.ts';
export type { JournalConnectorOptions } from './journal.ts';
export { collectMetadata, pullMetadata, writeSnapshot } from './metadata-pull.ts';

export interface ConnectOptions {
  readonly logger?: Logger;
  readonly clock?: Clock;
  /** Entity set -> logical name for sets that support UpsertMultiple (upsertMultipleSets(metadata)). */
  readonly upsertMultiple?: ReadonlyMap<string, string>;
  readonly retry?: RetryOptions;
  /** Retry-After wait shared by the tenant's three services (the runtime resets it per run). */
  readonly pauseBudget?: PauseBudget;
  readonly env?: NodeJS.ProcessEnv;
  /** Dynamics rows per page (default 1000). */
  readonly pageSize?: number;
  /** Campaign `_lineCount` for list reads (default 100). */
  readonly campaignPageSize?: number;
  /** One side only (`metadata pull --dynamics`): the other side's credential is never read, its calls fail. */
  readonly only?: 'dynamics' | 'campaign';
}

/** Tokens of the side a one-sided command did not connect. */
const notConnected = (side: string): DynamicsTokenSource & ImsTokenSource => ({
  fetched: 0,
  getToken: () =>
    Promise.reject(new ConfigError('FERRY_OFFLINE', `${side} is not connected in this command`)),
});

export interface TenantConnectors {
  readonly dynamics: DynamicsConnector;
  readonly campaign: CampaignConnector;
  /** Null when the tenant has no `campaign.journalUrl` (or reads Campaign v8's logs instead). */
  readonly journal: JournalConnector | null;
  /** Campaign v8 with `soapUrl`: email events from the delivery and tracking logs (replaces the journal). */
  readonly v8Logs: V8LogsConnector | null;
  readonly gates: { readonly dynamics: PauseGate; readonly campaign: PauseGate; readonly journal: PauseGate };
  readonly aimd: Aimd;
  readonly tokens: { readonly dynamics: DynamicsTokenSource; readonly campaign: ImsTokenSource };
  close(): Promise<void>;
}

export async function connectTenant(
  tenant: TenantFile,
  tenantDir: string,
  opts: ConnectOptions = {},
): Promise<TenantConnectors> {
  const clock = opts.clock ?? realClock;
  const log = opts.logger;
  // Retries and pauses are worth a line each: they explain slow runs.
  const retryOpts = (target: string): RetryOptions => ({
    ...(log
      ? {
          onRetry: (i: { attempt: number; delayMs: number; status: number | undefined }) =>
            log.warn({ target, ...i }, 'retrying request'),
        }
      : {}),
    ...(opts.pauseBudget ? { pauseBudget: opts.pauseBudget } : {}),
    ...opts.retry,
  });
  const d = tenant.dynamics;
  const c = tenant.campaign;
  // Dynamics first, as before: its credential error is the one reported when both are missing.
  const dTokens =
    opts.only === 'campaign'
      ? notConnected('Dynamics')
      : await dynamicsCredential(d, {
          tenantDir,
          // Called only when a managed identity token is fetched, after the transport below exists.
          send: (req) => dTransport.send(req),
          clock,
          ...(opts.env ? { env: opts.env } : {}),
        });
  const cSecret = opts.only === 'dynamics' ? null : await resolveSecret(c.clientSecret, tenantDir, opts.env);
  const dTransport = createTransport({
    requestIdHeader: 'x-ms-client-request-id',
    ...(opts.logger ? { logger: opts.logger } : {}),
  });
  const cTransport = createTransport({
    requestIdHeader: 'x-request-id',
    ...(opts.logger ? { logger: opts.logger } : {}),
  });

  const gates = {
    dynamics: new PauseGate(clock),
    campaign: new PauseGate(clock),
    journal: new PauseGate(clock),
  };
  const aimd = new Aimd({ initial: 2, max: d.maxConcurrency ?? 8 });
  const dynamics = new DynamicsConnector({
    url: d.url,
    clock,
    send: dynamicsPipeline({
      home: d.url,
      transport: dTransport.send,
      tokens: dTokens,
      gate: gates.dynamics,
      aimd,
      clock,
      retry: retryOpts('dynamics'),
    }),
    ...(d.batchSize ? { batchSize: d.batchSize } : {}),
    ...(opts.upsertMultiple ? { upsertMultiple: opts.upsertMultiple } : {}),
    ...(opts.pageSize ? { pageSize: opts.pageSize } : {}),
  });

  const cTokens =
    cSecret === null
      ? notConnected('Campaign')
      : imsTokenSource(c, cSecret, compose(cTransport.send, retry({ clock, ...retryOpts('ims') })), clock);
  // The calls/s cap binds; concurrency follows it from observed latency, up to the tenant's (or service's) limit.
  const sizer = new RateSizedLimit(c.callsPerSecond ?? 20, c.concurrency ?? CAMPAIGN_MAX_CONCURRENCY);
  const limiter = sizer.limiter;
  const bucket = new TokenBucket(c.callsPerSecond ?? 20, undefined, clock);
  const campaign = new CampaignConnector({
    baseUrl: c.url,
    ...(opts.campaignPageSize ? { pageSize: opts.campaignPageSize } : {}),
    send: campaignPipeline({
      home: c.url,
      transport: cTransport.send,
      tokens: cTokens,
      apiKey: c.apiKey,
      gate: gates.campaign,
      limiter,
      sizer,
      bucket,
      clock,
      retry: retryOpts('campaign'),
    }),
  });
  // Email events (journal or v8 logs): one request at a time, behind the journal's pause gate.
  const eventSource = (home: string, service: string) =>
    campaignPipeline({
      home,
      service,
      transport: cTransport.send,
      tokens: cTokens,
      apiKey: c.apiKey,
      gate: gates.journal,
      limiter: new Limiter(1),
      clock,
      retry: retryOpts('journal'),
    });
  const v8Logs =
    c.flavor === 'v8' && c.soapUrl
      ? new V8LogsConnector({
          soapUrl: c.soapUrl,
          tokens: cTokens,
          send: eventSource(c.soapUrl, 'Campaign SOAP'),
        })
      : null;
  const journal =
    !v8Logs && c.journalUrl
      ? new JournalConnector({
          journalUrl: c.journalUrl,
          send: eventSource(c.journalUrl, 'Journal'),
        })
      : null;
  return {
    dynamics,
    campaign,
    journal,
    v8Logs,
    gates,
    aimd,
    tokens: { dynamics: dTokens, campaign: cTokens },
    async close() {
      await Promise.all([dTransport.close(), cTransport.close()]);
    },
  };
}
