// The one HTTP port of `ferry serve`: /metrics, /healthz, /readyz, then any extra routes (a status page),
// then 404. A route answers true when it handled the request.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ConfigError } from '../../core/errors.ts';

export type Route = (req: IncomingMessage, res: ServerResponse, url: URL) => Promise<boolean>;

/** What the built-in routes need from the service. */
export interface Observable {
  health(): unknown;
  readiness(): Promise<{ readonly ready: boolean }>;
  scrape(): Promise<string>;
  readonly contentType: string;
}

export interface Listening {
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

export const DEFAULT_LISTEN = '127.0.0.1:9464';

/** `host:port` or `[v6]:port`; port 0 picks a free one. */
export function parseListen(text: string): { host: string; port: number } | null {
  const m = /^(?:\[([^\]]+)\]|([^:]+)):(\d{1,5})$/.exec(text.trim());
  const port = Number(m?.[3]);
  if (m === null || port > 65535) return null;
  return { host: (m[1] ?? m[2]) as string, port };
}

export function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(`${JSON.stringify(body)}\n`);
}

/** /metrics, /healthz and /readyz (GET or HEAD). */
export function serviceRoutes(svc: Observable): Route[] {
  const at =
    (path: string, handle: (res: ServerResponse) => Promise<void>): Route =>
    async (req, res, url) => {
      if (url.pathname !== path) return false;
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        res.writeHead(405, { allow: 'GET, HEAD' }).end();
        return true;
      }
      await handle(res);
      return true;
    };
  return [
    at('/metrics', async (res) => {
      const text = await svc.scrape();
      res.writeHead(200, { 'content-type': svc.contentType, 'cache-control': 'no-store' });
      res.end(text);
    }),
    at('/healthz', async (res) => json(res, 200, svc.health())),
    at('/readyz', async (res) => {
      const r = await svc.readiness();
      json(res, r.ready ? 200 : 503, r);
    }),
  ];
}

async function dispatch(routes: readonly Route[], req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://localhost');
  try {
    for (const route of routes) if (await route(req, res, url)) return;
    json(res, 404, { error: `not found: ${url.pathname}` });
  } catch (err) {
    if (!res.headersSent) json(res, 500, { error: err instanceof Error ? err.message : String(err) });
    else res.destroy();
  }
}

/** Listens until close(); a port in use or an address not on this machine is FERRY_SERVE_LISTEN. */
export async function listen(address: string, routes: readonly Route[]): Promise<Listening> {
  const where = parseListen(address);
  if (where === null)
    throw new ConfigError('FERRY_SERVE_LISTEN', `--listen ${address}: use host:port, e.g. ${DEFAULT_LISTEN}`);
  const server: Server = createServer((req, res) => void dispatch(routes, req, res));
  await new Promise<void>((resolve, reject) => {
    server.once('error', (err) =>
      reject(
        new ConfigError('FERRY_SERVE_LISTEN', `cannot listen on ${address}: ${err.message}`, { cause: err }),
      ),
    );
    server.listen(where.port, where.host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const host = where.host.includes(':') ? `[${where.host}]` : where.host;
  return {
    url: `http://${host}:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections(); // keep-alive scrapers must not hold shutdown
      }),
  };
}
