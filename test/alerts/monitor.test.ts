// Alerts over real HTTP to a local receiver: one per condition until it clears, then one resolved; the dedupe
// state survives a restart; a failing webhook is logged without its URL and never throws.
import { createServer, type Server } from 'node:http';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FerryError } from '../../core/errors.ts';
import {
  createAlertMonitor,
  fileAlertState,
  postJson,
  DEFAULT_RULES,
  type AlertSnapshot,
  type FlowSnapshot,
  type Webhook,
} from '../../runtime/alerts/index.ts';

interface Received {
  readonly path: string;
  readonly body: Record<string, unknown>;
}

let server: Server;
let base: string;
const received: Received[] = [];
const dir = mkdtempSync(path.join(tmpdir(), 'ferry-alerts-'));

beforeAll(async () => {
  server = createServer((req, res) => {
    let text = '';
    req.on('data', (c: Buffer) => (text += c.toString()));
    req.on('end', () => {
      if (req.url === '/broken') {
        res.writeHead(500).end();
        return;
      }
      received.push({ path: req.url ?? '', body: JSON.parse(text) as Record<string, unknown> });
      res.writeHead(200).end('ok');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((r) => server.close(r));
  rmSync(dir, { recursive: true, force: true });
});

const flow = (over: Partial<FlowSnapshot> = {}): FlowSnapshot => ({
  flow: 'contacts',
  lastOutcome: 'ok',
  drift: false,
  lastSuccessAt: '2026-06-01T00:00:00.000Z',
  intervalMs: 60_000,
  ...over,
});
const snap = (over: Partial<AlertSnapshot> = {}): AlertSnapshot => ({
  at: '2026-06-01T00:01:00.000Z',
  flows: [flow()],
  deadLetters: 0,
  oldestPendingOptoutMs: null,
  authFailure: null,
  ...over,
});

function recorder() {
  const lines: { level: string; obj: object; msg: string }[] = [];
  return {
    lines,
    warn: (obj: object, msg: string) => void lines.push({ level: 'warn', obj, msg }),
    info: (obj: object, msg: string) => void lines.push({ level: 'info', obj, msg }),
  };
}

describe('alert monitor', () => {
  it('fires once per condition in each format, resolves once, and a restart does not resend', async () => {
    const hooks: Webhook[] = [
      { name: 'slack', url: `${base}/slack`, format: 'slack' },
      { name: 'teams', url: `${base}/teams`, format: 'teams' },
      { name: 'raw', url: `${base}/raw`, format: 'json' },
    ];
    const stateFile = path.join(dir, 'a.json');
    const make = () =>
      createAlertMonitor({
        webhooks: hooks,
        rules: DEFAULT_RULES,
        state: fileAlertState(stateFile),
        log: recorder(),
      });
    const failed = snap({ flows: [flow({ lastOutcome: 'failed', error: 'FERRY_SERVICE_OUTAGE' })] });
    await make().observe('sandbox', failed);
    expect(received.map((r) => r.path)).toEqual(['/slack', '/teams', '/raw']);
    expect(received[0]?.body['text']).toBe(
      '[FIRING] ferry sandbox: flow contacts failed: FERRY_SERVICE_OUTAGE',
    );
    expect(received[1]?.body).toMatchObject({
      '@type': 'MessageCard',
      title: expect.stringContaining('[FIRING]'),
    });
    expect(received[2]?.body).toMatchObject({
      kind: 'flow-failed',
      flow: 'contacts',
      status: 'firing',
      tenant: 'sandbox',
    });

    // Still failing, and after a restart (a new monitor on the same state file): nothing new is sent.
    await make().observe('sandbox', failed);
    expect(received).toHaveLength(3);
    // Cleared: one resolved per webhook, then silence.
    await make().observe('sandbox', snap());
    expect(received.slice(3).map((r) => r.path)).toEqual(['/slack', '/teams', '/raw']);
    expect(received[5]?.body).toMatchObject({ status: 'resolved', kind: 'flow-failed' });
    await make().observe('sandbox', snap());
    expect(received).toHaveLength(6);
    expect(JSON.parse(readFileSync(stateFile, 'utf8'))).toEqual({ sandbox: {} });
  });

  it('every condition: drift, dead letters over the threshold, no success, pending opt-outs, authentication', async () => {
    received.length = 0;
    const m = createAlertMonitor({
      webhooks: [{ name: 'raw', url: `${base}/raw`, format: 'json' }],
      rules: { deadLetters: 10, missedIntervals: 3, optoutPendingMs: 3_600_000 },
      state: fileAlertState(path.join(dir, 'b.json')),
      log: recorder(),
    });
    await m.observe(
      'sandbox',
      snap({
        at: '2026-06-01T01:00:00.000Z',
        flows: [flow({ lastOutcome: 'failed', drift: true }), flow({ flow: 'vehicles' })],
        deadLetters: 11,
        oldestPendingOptoutMs: 3_600_001,
        authFailure: 'FERRY_AUTH_REJECTED',
      }),
    );
    expect(received.map((r) => r.body['key']).sort()).toEqual([
      'auth-failure',
      'dead-letters',
      'drift:contacts',
      'no-success:contacts',
      'no-success:vehicles',
      'optout-pending',
    ]);
  });

  it('a failing webhook is logged by name without its URL, does not throw, and is tried again next time', async () => {
    received.length = 0;
    const log = recorder();
    const secretUrl = `${base}/broken`;
    const m = createAlertMonitor({
      webhooks: [
        { name: 'down', url: secretUrl, format: 'json' },
        { name: 'up', url: `${base}/up`, format: 'slack' },
      ],
      rules: DEFAULT_RULES,
      state: fileAlertState(path.join(dir, 'c.json')),
      log,
    });
    const bad = snap({ deadLetters: 500 });
    await expect(m.observe('sandbox', bad)).resolves.toBeUndefined();
    expect(received.map((r) => r.path)).toEqual(['/up']);
    expect(log.lines.find((l) => l.level === 'warn')).toMatchObject({
      obj: { webhook: 'down', reason: 'HTTP 500' },
      msg: 'alert not delivered',
    });
    expect(JSON.stringify(log.lines)).not.toContain('/broken');
    // Next pass: only the webhook that missed it is tried again (still down: logged again).
    await m.observe('sandbox', bad);
    expect(received).toHaveLength(1);
    expect(log.lines.filter((l) => l.level === 'warn')).toHaveLength(2);
    // Unreachable host: a network error, still no throw and no URL.
    const gone = createAlertMonitor({
      webhooks: [{ name: 'gone', url: 'http://127.0.0.1:1/x', format: 'json' }],
      rules: DEFAULT_RULES,
      state: fileAlertState(path.join(dir, 'd.json')),
      log,
    });
    await expect(gone.observe('sandbox', bad)).resolves.toBeUndefined();
    expect(JSON.stringify(log.lines)).not.toContain('127.0.0.1:1');
  });

  it('a webhook answering an error status rejects with the alert delivery code and the status alone', async () => {
    const err: unknown = await postJson(`${base}/broken`, { text: 'x' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FerryError);
    expect((err as FerryError).code).toBe('FERRY_ALERT_DELIVERY');
    expect((err as FerryError).message).toBe('HTTP 500');
  });
});
