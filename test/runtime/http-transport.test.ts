import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpError } from '../../core/errors.ts';
import { createTransport } from '../../runtime/http/index.ts';
import { createLogger } from '../../runtime/log.ts';

const seen: { id: string | undefined; socket: number }[] = [];
let sockets = 0;
const server = createServer((req, res) => {
  seen.push({
    id: req.headers['x-ms-client-request-id'] as string | undefined,
    socket: (req.socket as unknown as { n: number }).n,
  });
  if (req.url === '/slow') return void setTimeout(() => res.end('late'), 2500);
  res.writeHead(200, { 'content-type': 'application/json', 'x-ms-dop-hint': '4' });
  res.end('{"ok":true}');
});
server.on('connection', (s) => Object.assign(s, { n: ++sockets }));
let base = '';
beforeAll(async () => {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

describe('undici transport', () => {
  it('sends a request id, reuses keep-alive sockets and logs without headers', async () => {
    const out = new PassThrough();
    let logged = '';
    out.on('data', (c: Buffer) => (logged += c.toString()));
    const t = createTransport({
      requestIdHeader: 'x-ms-client-request-id',
      connections: 1,
      logger: createLogger({ destination: out, level: 'debug' }),
    });
    for (let i = 0; i < 3; i++) {
      const r = await t.send({
        method: 'GET',
        url: `${base}/a?email=ann@example.com`,
        headers: { authorization: 'Bearer SECRET-TOKEN' },
      });
      expect(r.status).toBe(200);
      expect(r.headers['x-ms-dop-hint']).toBe('4');
      expect(JSON.parse(r.body)).toEqual({ ok: true });
    }
    await t.close();
    const ids = seen.map((s) => s.id);
    expect(ids.every((id) => /^[0-9a-f-]{36}$/.test(id ?? ''))).toBe(true);
    expect(new Set(ids).size).toBe(3);
    expect(new Set(seen.map((s) => s.socket)).size).toBe(1);
    expect(logged).toContain(ids[0]);
    expect(logged).not.toContain('SECRET-TOKEN');
    expect(logged).not.toContain('ann@example.com');
  });

  it('turns a headers timeout into a retryable HttpError', async () => {
    const t = createTransport({ headersTimeoutMs: 300 });
    const err = await t.send({ method: 'GET', url: `${base}/slow` }).catch((e: unknown) => e);
    await t.close();
    expect(err).toBeInstanceOf(HttpError);
    expect((err as HttpError).retryable).toBe(true);
    expect((err as HttpError).status).toBeUndefined();
  });
});
