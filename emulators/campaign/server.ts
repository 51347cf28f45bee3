// Adobe Campaign Standard REST emulator: gateway checks (token, API key, org) in front of the resource routes.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CampaignSchema } from './model.ts';
import { BodyParseError, readJson } from '../common/body.ts';
import type { Clock } from '../common/clock.ts';
import { FaultInjector, runWithFault } from '../common/faults.ts';
import type { FaultRenderer, FaultRule } from '../common/faults.ts';
import { systemClock } from '../common/clock.ts';
import { sendJson } from '../common/respond.ts';
import { startHttpServer } from '../common/server.ts';
import { ImsTokens } from '../ims/tokens.ts';
import type { CampaignCounters } from './accounting.ts';
import { CallLimiter, newCounters, record } from './accounting.ts';
import { defaultCampaignMetadata } from './default-metadata.ts';
import { EngineError, authError, engineError, gatewayError } from './errors.ts';
import type { HandlerEnv } from './handlers.ts';
import { handleCampaign } from './handlers.ts';
import { CampaignStore } from './store.ts';
import type { CampaignFlavor } from './flavor.ts';
import { flavorConfig } from './flavor.ts';
import { SOAP_PATH, SoapRouter } from './logs/soap.ts';
import { CampaignLogs } from './logs/tables.ts';

export interface CampaignEmulatorOptions {
  readonly port?: number;
  /** The `<ORGANIZATION>` of `/<ORG>/campaign`. */
  readonly org: string;
  /** Expected `X-Api-Key` (the Developer Console client id). */
  readonly apiKey: string;
  /** Token registry shared with the IMS emulator. */
  readonly tokens: ImsTokens;
  /** Resources to serve (tenants/<t>/metadata); defaults to the built-in profile. */
  readonly metadata?: CampaignSchema;
  /** Raw resourceType JSON by resource name, served verbatim by the metadata routes. */
  readonly resourceTypes?: ReadonlyMap<string, unknown>;
  readonly seed?: number;
  readonly clock?: Clock;
  /** XtkBigTableThreshold (default 100,000). */
  readonly bigTableThreshold?: number;
  /** Optional calls-per-second limit (none by default; ACS documents none). */
  readonly callsPerSecond?: number;
  /** Added delay per request, in ms. */
  readonly latencyMs?: number;
  /** `v8`: Campaign v8 migrated from Standard (REST filter names, dropped fields, link objects). Default standard. */
  readonly flavor?: CampaignFlavor;
  /** v8: fields the migration dropped, by resource name. */
  readonly droppedFields?: Readonly<Record<string, readonly string[]>>;
  /** Seeded per-route fault injection (5xx, resets, 429 storms, commit-then-drop, latency). */
  readonly faults?: { readonly seed?: number | string; readonly rules?: readonly FaultRule[] };
}

export interface CampaignEmulator {
  readonly url: string;
  readonly port: number;
  /** `<url>/<ORG>/campaign`. */
  readonly baseUrl: string;
  readonly store: CampaignStore;
  readonly counters: CampaignCounters;
  readonly faults: FaultInjector;
  /** v8: the delivery and tracking log tables behind the SOAP API (empty on Standard). */
  readonly logs: CampaignLogs;
  /** v8: the SOAP router (`<url>/nl/jsp/soaprouter.jsp`), for its counters. */
  readonly soap: SoapRouter | null;
  resetCounters(): void;
  close(): Promise<void>;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export async function startCampaignEmulator(opts: CampaignEmulatorOptions): Promise<CampaignEmulator> {
  const clock = opts.clock ?? opts.tokens.clock ?? systemClock;
  const store = new CampaignStore(opts.metadata ?? defaultCampaignMetadata(), opts.seed ?? 1, clock);
  const counters = newCounters();
  const limiter = new CallLimiter(opts.callsPerSecond, clock);
  const faults = new FaultInjector(opts.faults ?? {});
  const logs = new CampaignLogs();
  // Campaign v8 has the SOAP data-access API; ferry reads email events through it.
  const soap = opts.flavor === 'v8' ? new SoapRouter(logs, opts.tokens, opts.seed ?? 1) : null;
  // Injected failures in the gateway's shapes; ACS documents no 429, so storms are test-only behaviour.
  const render: FaultRenderer = {
    serverError: (res, status) => gatewayError(res, status),
    throttled: (res, s) =>
      sendJson(
        res,
        429,
        { error_code: '429050', message: 'Too many requests' },
        { 'Retry-After': String(s) },
      ),
  };
  // Filled in once the server knows its own URL (hrefs are absolute).
  const envRef: { env?: HandlerEnv } = {};

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://x');
    // Sandbox-only control endpoint, not part of the real API.
    if (url.pathname === '/_sandbox/counters') {
      if (req.method === 'DELETE') Object.assign(counters, newCounters());
      return sendJson(res, 200, counters);
    }
    if (url.pathname === '/_sandbox/faults' && req.method === 'POST') {
      const body = ((await readJson(req)) ?? {}) as { seed?: number | string; rules?: FaultRule[] };
      faults.setRules(body.rules ?? [], body.seed);
      return sendJson(res, 200, { rules: body.rules ?? [], counts: faults.counts });
    }
    return runWithFault(
      faults.decide(req.method ?? 'GET', url.pathname),
      req,
      res,
      () => serve(req, res, url),
      render,
    );
  };

  const serve = async (req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> => {
    if (opts.latencyMs) await sleep(opts.latencyMs);
    counters.requests++;
    if (soap && url.pathname === SOAP_PATH) return soap.handle(req, res);
    if (!opts.tokens.validate(ImsTokens.bearer(req.headers.authorization)))
      return authError(res, 401, '401013', 'Oauth token is not valid');
    // The 403 body for a bad API key is unrecorded; Adobe I/O gateway style chosen.
    if (req.headers['x-api-key'] !== opts.apiKey) return authError(res, 403, '403003', 'Api Key is invalid');
    const segs = url.pathname.split('/').slice(1).map(decodeURIComponent);
    if (segs[0] !== opts.org || segs[1] !== 'campaign') return gatewayError(res, 500);
    const wait = limiter.take();
    if (wait > 0) {
      counters.throttled++;
      return sendJson(
        res,
        429,
        { error_code: '429050', message: 'Too many requests' },
        { 'Retry-After': String(wait) },
      );
    }
    try {
      await handleCampaign(envRef.env as HandlerEnv, req, res, segs.slice(2), url);
    } catch (e) {
      if (e instanceof BodyParseError)
        return engineError(res, new EngineError('The request body is not valid JSON'));
      if (!(e instanceof EngineError)) throw e;
      record(counters, 'rejected');
      engineError(res, e);
    }
  };

  const server = await startHttpServer(handle, opts.port === undefined ? {} : { port: opts.port });
  const baseUrl = `${server.url}/${opts.org}/campaign`;
  envRef.env = {
    store,
    counters,
    base: baseUrl,
    bigTableThreshold: opts.bigTableThreshold ?? 100_000,
    resourceTypes: opts.resourceTypes ?? new Map(),
    org: opts.org,
    flavor: flavorConfig(opts.flavor, opts.droppedFields),
  };
  return {
    url: server.url,
    port: server.port,
    baseUrl,
    store,
    counters,
    faults,
    logs,
    soap,
    resetCounters: () => Object.assign(counters, newCounters()),
    close: () => server.close(),
  };
}
