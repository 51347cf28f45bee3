// Start/stop a plain node:http server on 127.0.0.1 (port 0 by default) for an emulator.
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type RequestHandler = (req: IncomingMessage, res: ServerResponse) => Promise<void> | void;

export interface StartedServer {
  /** Base URL without trailing slash, e.g. `http://127.0.0.1:54321`. */
  readonly url: string;
  readonly port: number;
  readonly server: Server;
  /** Stops listening and destroys open (keep-alive) connections. */
  close(): Promise<void>;
}

export interface ServerOptions {
  readonly port?: number;
  readonly host?: string;
}

export async function startHttpServer(
  handler: RequestHandler,
  opts: ServerOptions = {},
): Promise<StartedServer> {
  const host = opts.host ?? '127.0.0.1';
  const server = createServer((req, res) => {
    Promise.resolve()
      .then(() => handler(req, res))
      .catch((err: unknown) => {
        // A handler bug must not hang the client: answer 500 if nothing was sent yet.
        if (!res.headersSent) {
          res.writeHead(500, { 'Content-Type': 'application/json' });
          res.end(
            JSON.stringify({ error: { code: '', message: `Emulator internal error: ${String(err)}` } }),
          );
        } else {
          res.destroy();
        }
      });
  });
  // Keep-alive sockets would otherwise delay close(); undici pools reuse them heavily.
  server.keepAliveTimeout = 5000;
  // Small multi-write responses must not wait on Nagle + delayed ACK (40 ms stalls).
  server.on('connection', (socket) => socket.setNoDelay(true));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  let closed: Promise<void> | undefined;
  return {
    url: `http://${host}:${port}`,
    port,
    server,
    close() {
      closed ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closed;
    },
  };
}
