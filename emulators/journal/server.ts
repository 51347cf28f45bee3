// Adobe I/O Events journaling emulator (reference §10.3) with a sandbox control API for deliveries.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { readJson } from '../common/body.ts';
import type { Clock } from '../common/clock.ts';
import { FaultInjector, runWithFault } from '../common/faults.ts';
import type { FaultRenderer, FaultRule } from '../common/faults.ts';
import { sendEmpty, sendJson } from '../common/respond.ts';
import { startHttpServer } from '../common/server.ts';
import { ImsTokens } from '../ims/tokens.ts';
import type { DeliverySpec } from './delivery.ts';
import { simulateDelivery } from './delivery.ts';
import { EventJournal } from './journal.ts';

export interface JournalEmulatorOptions {
  readonly port?: number;
  /** Journaling path of the registration, e.g. `/events/organizations/<org>/integrations/<id>/<registration>`. */
  readonly path: string;
  readonly apiKey: string;
  readonly tokens: ImsTokens;
  readonly clock?: Clock;
  /** Default 7 days. */
  readonly retentionMs?: number;
  /** `retry-after` seconds on 204 (default 10). */
  readonly retryAfterSeconds?: number;
  /** Batch size when the request gives no `limit` (default 100). */
  readonly defaultLimit?: number;
  /** Seeded fault injection on the journaling route (5xx, resets, 429 storms, latency). */
  readonly faults?: { readonly seed?: number | string; readonly rules?: readonly FaultRule[] };
}

export interface JournalEmulator {
  readonly url: string;
  readonly port: number;
  /** Absolute journaling URL. */
  readonly journalUrl: string;
  readonly journal: EventJournal;
  readonly faults: FaultInjector;
  /** Simulates a delivery and appends its events; returns how many were appended. */
  deliver(spec: Omit<DeliverySpec, 'startAt'> & { startAt?: number }): {
    appended: number;
    first: string | null;
    last: string | null;
  };
  close(): Promise<void>;
}

export async function startJournalEmulator(opts: JournalEmulatorOptions): Promise<JournalEmulator> {
  const clock = opts.clock ?? opts.tokens.clock;
  const journal = new EventJournal(clock, opts.retentionMs);
  const retryAfter = String(opts.retryAfterSeconds ?? 10);
  const ref: { url: string } = { url: '' };
  const faults = new FaultInjector(opts.faults ?? {});
  // Adobe I/O gateway shapes (429050 is its documented throttling code); bodies of injected 5xx are ours.
  const render: FaultRenderer = {
    serverError: (res, status) =>
      sendJson(res, status, { error_code: String(status), message: 'Service temporarily unavailable' }),
    throttled: (res, s) =>
      sendJson(
        res,
        429,
        { error_code: '429050', message: 'Too many requests' },
        { 'Retry-After': String(s) },
      ),
  };

  const deliver: JournalEmulator['deliver'] = (spec) => {
    const records = journal.append(simulateDelivery({ ...spec, startAt: spec.startAt ?? clock.now() }));
    return {
      appended: records.length,
      first: records[0]?.position ?? null,
      last: records[records.length - 1]?.position ?? null,
    };
  };

  const next = (since: string | null, limit: string | null): string => {
    const q = new URLSearchParams();
    if (since !== null) q.set('since', since);
    if (limit !== null) q.set('limit', limit);
    const qs = q.toString();
    return `<${ref.url}${opts.path}${qs ? `?${qs}` : ''}>; rel="next"`;
  };

  const read = (req: IncomingMessage, res: ServerResponse, url: URL): void => {
    if (!opts.tokens.validate(ImsTokens.bearer(req.headers.authorization))) {
      return sendJson(res, 401, { error_code: '401013', message: 'Oauth token is not valid' });
    }
    if (req.headers['x-api-key'] !== opts.apiKey)
      return sendJson(res, 403, { error_code: '403003', message: 'Api Key is invalid' });
    const limitRaw = url.searchParams.get('limit');
    const limit = limitRaw === null ? (opts.defaultLimit ?? 100) : Number(limitRaw);
    if (!Number.isInteger(limit) || limit < 1)
      return sendJson(res, 400, { error: 'invalid_limit', message: `invalid limit '${limitRaw ?? ''}'` });
    if (url.searchParams.get('latest') === 'true') {
      // "From now on": nothing to return yet; the next link resumes after the current end.
      return sendEmpty(res, 204, { Link: next(journal.latest, limitRaw), 'retry-after': retryAfter });
    }
    const result = journal.read(url.searchParams.get('since'), limit);
    switch (result.kind) {
      case 'expired':
        // Unverified (reference "Unverified: journaling"): 410 Gone tells the consumer to reset, loudly.
        return sendJson(res, 410, {
          error: 'position_expired',
          message: `Position '${result.position}' is older than the retention window; events were lost. Restart from the oldest or latest position.`,
        });
      case 'invalid':
        return sendJson(res, 400, {
          error: 'invalid_position',
          message: `Unknown position '${result.position}'.`,
        });
      case 'empty':
        return sendEmpty(res, 204, { Link: next(result.after, limitRaw), 'retry-after': retryAfter });
      case 'events': {
        const last = result.records[result.records.length - 1]?.position ?? null;
        return sendJson(
          res,
          200,
          { events: result.records, _page: { last, count: result.records.length } },
          { Link: next(last, limitRaw) },
        );
      }
    }
  };

  const server = await startHttpServer(
    async (req, res) => {
      const url = new URL(req.url ?? '/', 'http://x');
      if (req.method === 'GET' && url.pathname === opts.path)
        return runWithFault(faults.decide('GET', url.pathname), req, res, () => read(req, res, url), render);
      if (req.method === 'POST' && url.pathname === '/_sandbox/faults') {
        const body = ((await readJson(req)) ?? {}) as { seed?: number | string; rules?: FaultRule[] };
        faults.setRules(body.rules ?? [], body.seed);
        return sendJson(res, 200, { rules: body.rules ?? [] });
      }
      // Sandbox-only control API, not part of Adobe's.
      if (req.method === 'POST' && url.pathname === '/_sandbox/deliveries') {
        const spec = (await readJson(req)) as DeliverySpec | undefined;
        if (!spec || !Array.isArray(spec.profiles) || typeof spec.seed !== 'number')
          return sendJson(res, 400, { error: 'invalid_delivery', message: 'seed and profiles are required' });
        return sendJson(res, 201, deliver(spec));
      }
      if (req.method === 'GET' && url.pathname === '/_sandbox/journal')
        return sendJson(res, 200, { size: journal.size, latest: journal.latest });
      sendJson(res, 404, { error: 'not_found', message: `no route ${req.method ?? ''} ${url.pathname}` });
    },
    opts.port === undefined ? {} : { port: opts.port },
  );
  ref.url = server.url;
  return {
    url: server.url,
    port: server.port,
    journalUrl: `${server.url}${opts.path}`,
    journal,
    faults,
    deliver,
    close: () => server.close(),
  };
}
