// A request that may have been applied is never sent twice: a POST is not resent after 502, 504 or a dropped
// connection; a GET, a PATCH and a POST marked idempotent are. Real transport, real pipelines, real server.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { HttpError } from '../../core/errors.ts';
import {
  Aimd,
  campaignPipeline,
  createTransport,
  dynamicsPipeline,
  Limiter,
  PauseGate,
} from '../../runtime/http/index.ts';
import type { HttpRequest, Send, Transport } from '../../runtime/http/index.ts';
import { fakeClock } from '../runtime/fake-clock.ts';
import type { Answer, CountingServer } from './counting-server.ts';
import { startCountingServer } from './counting-server.ts';

const tokens = { getToken: async () => 'token' };

const PIPELINES: Readonly<Record<string, (transport: Send, home: string) => Send>> = {
  dynamics: (transport, home) =>
    dynamicsPipeline({
      home,
      transport,
      tokens,
      gate: new PauseGate(fakeClock()),
      aimd: new Aimd({ max: 4 }),
      clock: fakeClock(),
      retry: { random: () => 0 },
    }),
  campaign: (transport, home) =>
    campaignPipeline({
      home,
      transport,
      tokens,
      apiKey: 'key',
      gate: new PauseGate(fakeClock()),
      limiter: new Limiter(4),
      clock: fakeClock(),
      retry: { random: () => 0 },
    }),
};

describe.each(Object.keys(PIPELINES))('%s pipeline over a real socket', (name) => {
  let server: CountingServer;
  let transport: Transport;
  let send: Send;
  beforeAll(async () => {
    server = await startCountingServer();
    transport = createTransport({ connectTimeoutMs: 2000 });
    send = PIPELINES[name]!(transport.send, server.url);
  });
  afterAll(async () => {
    await transport.close();
    await server.close();
  });
  beforeEach(() => void server.seen.splice(0));

  /** Requests that reached the server for one call, and the final status (0 = the call threw). */
  const call = async (req: Omit<HttpRequest, 'url'>, ...answers: Answer[]): Promise<[number, number]> => {
    server.script(...answers);
    try {
      const res = await send({ ...req, url: `${server.url}/r` });
      return [server.seen.length, res.status];
    } catch (err) {
      expect(err).toBeInstanceOf(HttpError);
      expect((err as HttpError).code).toBe('FERRY_HTTP_NETWORK');
      return [server.seen.length, 0];
    }
  };

  it.each([502, 504] as const)('does not resend a POST after %i', async (status) => {
    expect(await call({ method: 'POST', body: '{}' }, status)).toEqual([1, status]);
  });

  it('does not resend a POST after a connection reset', async () => {
    expect(await call({ method: 'POST', body: '{}' }, 'reset')).toEqual([1, 0]);
  });

  it.each([502, 504, 'reset'] as const)('resends a GET after %s', async (answer) => {
    expect(await call({ method: 'GET' }, answer)).toEqual([2, 200]);
  });

  it.each([502, 504, 'reset'] as const)('resends a PATCH (idempotent by method) after %s', async (answer) => {
    expect(await call({ method: 'PATCH', body: '{}' }, answer)).toEqual([2, 200]);
  });

  it.each([502, 504, 'reset'] as const)(
    'resends a POST marked idempotent (upsert by key) after %s',
    async (answer) => {
      expect(await call({ method: 'POST', body: '{}', idempotent: true }, answer)).toEqual([2, 200]);
    },
  );

  it.each([429, 503] as const)('resends even a POST after %i: the server did no work', async (status) => {
    expect(await call({ method: 'POST', body: '{}' }, status)).toEqual([2, 200]);
  });

  it('never resends after 500, even a GET', async () => {
    expect(await call({ method: 'GET' }, 500)).toEqual([1, 500]);
  });
});
