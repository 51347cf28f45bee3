// Attack: a token endpoint (or an API) that echoes what it was sent into a non-JSON error body, so
// `client_secret=…`, the access token or the API key come back inside an error message.
// Guarantee: every secret and token value the process learns is scrubbed by value, in any of its echoed
// forms (raw, percent- or form-encoded, JSON-escaped), from error messages, log lines, the run report and
// every stored message row, whatever the source.
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { main } from '../../cli/main.ts';
import type { CliIo } from '../../cli/context.ts';
import { startSandbox, type Sandbox } from '../../emulators/sandbox/index.ts';
import { imsTokenSource } from '../../runtime/auth/ims.ts';
import { CampaignConnector } from '../../runtime/connectors/campaign/connector.ts';
import { Limiter } from '../../runtime/http/concurrency.ts';
import { PauseGate } from '../../runtime/http/gate.ts';
import { campaignPipeline } from '../../runtime/http/pipeline.ts';
import { createTransport } from '../../runtime/http/transport.ts';
import { createLogger } from '../../runtime/log.ts';
import { sandboxProject } from '../support/sandbox-project.ts';
import { startHostileServer, type HostileServer } from './hostile-server.ts';

const unique = Math.random().toString(36).slice(2, 10);
// Characters that change under percent- and form-encoding, so every echoed form is exercised.
const CMP_SECRET = `cmp/S3cr3t+${unique}=&x y`;
/** Every form a secret can take when echoed back: all must be absent. */
const forms = (s: string): string[] => [
  s,
  encodeURIComponent(s),
  new URLSearchParams({ v: s }).toString().slice(2),
  JSON.stringify(s).slice(1, -1),
];
const expectClean = (text: string, ...secrets: string[]): void => {
  for (const s of secrets) for (const f of forms(s)) expect(text).not.toContain(f);
};

let echo: HostileServer;
beforeAll(async () => {
  echo = await startHostileServer();
  // A token endpoint that answers every request with its body, as text.
  echo.answer((req) => ({
    status: 400,
    headers: { 'content-type': 'text/plain' },
    body: `bad request: ${req.body}`,
  }));
});
afterAll(async () => echo.close());

describe('ferry run against token endpoints that echo the request', () => {
  let sb: Sandbox;
  let root: string;
  const saved = { ...process.env };
  beforeAll(async () => {
    sb = await startSandbox({ contacts: 5, seed: 3 });
    root = await sandboxProject(sb.info, {
      prefix: 'ferry-sec-scrub-',
      imsTokenUrl: `${echo.url}/ims/token/v3`,
    });
    process.env['FERRY_SANDBOX_CAMPAIGN_SECRET'] = CMP_SECRET;
  });
  afterAll(async () => {
    process.env = saved;
    await sb?.close();
    await rm(root, { recursive: true, force: true });
  });

  it('the secrets appear in no log line, no report and no state row', async () => {
    let out = '';
    let err = '';
    const io: CliIo = {
      out: (t) => void (out += `${t}\n`),
      err: (t) => void (err += `${t}\n`),
      color: false,
    };
    let logs = '';
    const spy = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      logs += chunk.toString();
      return true;
    });
    let code: number;
    try {
      code = await main(['run', '--tenant', 'sandbox', '--once', '--log', 'json', '--root', root], io);
    } finally {
      spy.mockRestore();
    }
    // The IMS endpoint was asked with the secret in its form body, so the echo had it to give back.
    const sent = new URLSearchParams({ client_secret: CMP_SECRET }).toString();
    expect(echo.seen.some((r) => r.body.includes(sent))).toBe(true);
    expect(code).not.toBe(0);
    // The echoed body did reach the message (the error stays useful), with the secret masked.
    expect(out).toMatch(
      /IMS token for client [^"]* failed: HTTP 400 bad request: [^"]*client_secret=\[redacted\]/,
    );
    const secrets = [sb.info.dynamics.clientSecret, CMP_SECRET];
    expectClean(out, ...secrets);
    expectClean(err, ...secrets);
    expectClean(logs, ...secrets);

    const db = new Database(path.join(root, 'tenants/sandbox/.state/sandbox.db'), { readonly: true });
    try {
      const tables = ['ferry_runs', 'ferry_flow_status', 'ferry_dead_letters', 'ferry_pending_optouts'];
      const rows = tables.flatMap((t) => db.prepare(`SELECT * FROM ${t}`).all());
      expect(rows.length).toBeGreaterThan(0);
      expect(JSON.stringify(rows)).toMatch(/client_secret=\[redacted\]/);
      expectClean(JSON.stringify(rows), sb.info.dynamics.clientSecret, CMP_SECRET);
    } finally {
      db.close();
    }
  });
});

describe('an API that echoes the token and the API key', () => {
  it('keeps both out of the error message', async () => {
    const api = await startHostileServer();
    const transport = createTransport();
    try {
      const token = `ims-token-${unique}-abcdefghijklmnop`;
      const apiKey = `api-key-${unique}-0123456789`;
      api.answer((req) =>
        req.url.startsWith('/ims')
          ? { body: JSON.stringify({ access_token: token, expires_in: 3600 }) }
          : {
              status: 400,
              body: JSON.stringify({
                message: `rejected: ${String(req.headers.authorization)} with key ${String(req.headers['x-api-key'])}`,
              }),
            },
      );
      const conn = {
        url: `${api.url}/acme/campaign`,
        imsTokenUrl: `${api.url}/ims/token/v3`,
        clientId: 'c',
        apiKey,
        scopes: ['openid'],
      } as never;
      const send = campaignPipeline({
        home: api.url,
        transport: transport.send,
        tokens: imsTokenSource(conn, CMP_SECRET, transport.send),
        apiKey,
        gate: new PauseGate(),
        limiter: new Limiter(1),
        retry: { maxAttempts: 1 },
      });
      const c = new CampaignConnector({ baseUrl: `${api.url}/acme/campaign`, send });
      const e = await c
        .create({ resource: 'profile', path: 'profileAndServicesExt/profile' } as never, { email: 'a@b.c' })
        .catch((x: unknown) => x as Error);
      expect(String((e as Error).message)).toMatch(/rejected: Bearer \[redacted\] with key \[redacted\]/);
      expectClean(String((e as Error).message), token);
    } finally {
      await transport.close();
      await api.close();
    }
  });
});

describe('the logger', () => {
  it('masks a known secret by value in any field or message, not only under secret-looking keys', async () => {
    const stream = new PassThrough();
    let text = '';
    stream.on('data', (c: Buffer) => (text += c.toString()));
    const conn = { imsTokenUrl: 'https://ims.example.com/ims/token/v3', clientId: 'c', scopes: [] } as never;
    imsTokenSource(conn, CMP_SECRET, async () => ({ status: 500, headers: {}, body: '', url: '' }));
    const log = createLogger({ format: 'json', destination: stream });
    log.info(
      { note: `it was ${CMP_SECRET}`, nested: { body: `client_secret=${encodeURIComponent(CMP_SECRET)}` } },
      CMP_SECRET,
    );
    log.flush();
    await new Promise((r) => setImmediate(r));
    expect(text).toContain('[redacted]');
    expectClean(text, CMP_SECRET);
  });
});
