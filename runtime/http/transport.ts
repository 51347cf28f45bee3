// undici transport: one keep-alive Agent (a pool per origin), timeouts, a request id per call.
import { randomUUID } from 'node:crypto';
import { Agent, request } from 'undici';
import type { Logger } from 'pino';
import { HttpError } from '../../core/errors.ts';
import type { HttpRequest, HttpResponse, Send } from './types.ts';

export interface TransportOptions {
  readonly connectTimeoutMs?: number;
  readonly headersTimeoutMs?: number;
  readonly bodyTimeoutMs?: number;
  /** Sockets per origin. */
  readonly connections?: number;
  /** `x-ms-client-request-id` (Dynamics) or `x-request-id` (Campaign). */
  readonly requestIdHeader?: string;
  readonly logger?: Logger;
}

export interface Transport {
  readonly send: Send;
  close(): Promise<void>;
}

/** Path only: query strings may carry record values (filters, keys). */
const safeUrl = (url: string): string => {
  try {
    const u = new URL(url);
    return `${u.origin}${u.pathname}`;
  } catch {
    return '(invalid url)';
  }
};

export function createTransport(opts: TransportOptions = {}): Transport {
  const agent = new Agent({
    connect: { timeout: opts.connectTimeoutMs ?? 10_000 },
    headersTimeout: opts.headersTimeoutMs ?? 120_000,
    bodyTimeout: opts.bodyTimeoutMs ?? 120_000,
    keepAliveTimeout: 30_000,
    connections: opts.connections ?? 64,
  });
  const idHeader = opts.requestIdHeader ?? 'x-request-id';
  const send: Send = async (req: HttpRequest): Promise<HttpResponse> => {
    const id = randomUUID();
    const started = performance.now();
    try {
      const res = await request(req.url, {
        dispatcher: agent,
        method: req.method,
        headers: { ...req.headers, [idHeader]: id },
        ...(req.body === undefined ? {} : { body: req.body }),
      });
      const body = await res.body.text();
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(res.headers))
        if (v !== undefined) headers[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
      opts.logger?.debug(
        {
          requestId: id,
          method: req.method,
          url: safeUrl(req.url),
          status: res.statusCode,
          ms: Math.round(performance.now() - started),
        },
        'http',
      );
      return { status: res.statusCode, headers, body, url: req.url };
    } catch (err) {
      const code = (err as { code?: string }).code ?? '';
      opts.logger?.debug(
        { requestId: id, method: req.method, url: safeUrl(req.url), error: code },
        'http network error',
      );
      throw new HttpError(
        'FERRY_HTTP_NETWORK',
        `${req.method} ${safeUrl(req.url)} failed: ${code || (err as Error).message}`,
        {
          cause: err,
          details: { requestId: id, code },
        },
      );
    }
  };
  return { send, close: () => agent.close() };
}
