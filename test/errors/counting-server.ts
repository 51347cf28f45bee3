// A real HTTP server on 127.0.0.1:0 that answers from a script and counts what reaches it.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A status to answer with, or `reset` to drop the connection without answering. */
export type Answer = number | 'reset';

export interface CountingServer {
  readonly url: string;
  /** Requests received, in order, as "METHOD /path". */
  readonly seen: string[];
  /** Answers for the next requests; once used up, every request gets 200. */
  script(...answers: Answer[]): void;
  close(): Promise<void>;
}

export async function startCountingServer(): Promise<CountingServer> {
  const seen: string[] = [];
  let answers: Answer[] = [];
  const server: Server = createServer((req, res) => {
    seen.push(`${req.method ?? ''} ${req.url ?? ''}`);
    req.resume();
    req.on('end', () => {
      const answer = answers.shift() ?? 200;
      if (answer === 'reset') return void req.socket.destroy();
      res.writeHead(answer, { 'content-type': 'application/json' });
      res.end(JSON.stringify(answer < 400 ? { PKey: '@p', href: 'x' } : { message: `status ${answer}` }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    script: (...next) => void (answers = next),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
