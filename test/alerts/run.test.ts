// Tenant `alerts:`: the checks the schema cannot make (FERRY035-038), and `ferry run --once` posting to a
// webhook whose URL comes from the environment, never printing it.
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../cli/main.ts';
import { validateProject } from '../../compiler/index.ts';
import { startSandbox, type Sandbox } from '../../emulators/sandbox/index.ts';
import { sandboxProject } from '../support/sandbox-project.ts';

let sb: Sandbox;
let root: string;
let server: Server;
let hookUrl: string;
const bodies: Record<string, unknown>[] = [];
const saved = { ...process.env };

beforeAll(async () => {
  server = createServer((req, res) => {
    let text = '';
    req.on('data', (c: Buffer) => (text += c.toString()));
    req.on('end', () => {
      bodies.push(JSON.parse(text) as Record<string, unknown>);
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  hookUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook/s3cr3t-token`;
  sb = await startSandbox({ contacts: 40, seed: 5 });
  root = await sandboxProject(sb.info, { prefix: 'ferry-alerts-run-', fast: true });
});
afterAll(async () => {
  process.env = saved;
  await sb?.close();
  await new Promise((r) => server.close(r));
});

const tenantFile = () => path.join(root, 'tenants', 'sandbox', 'tenant.yaml');

describe('alerts in the tenant file', () => {
  it('run --once posts one alert for dead letters over the threshold, then none while it holds', async () => {
    appendFileSync(
      tenantFile(),
      '\nalerts:\n  webhooks:\n    - { name: ops, url: { env: FERRY_TEST_ALERT_URL }, format: slack }\n  deadLetters: 0\n',
    );
    process.env['FERRY_TEST_ALERT_URL'] = hookUrl;
    let out = '';
    const io = {
      out: (t: string) => void (out += `${t}\n`),
      err: (t: string) => void (out += `${t}\n`),
      color: false,
    };
    const args = ['run', '--once', '--tenant', 'sandbox', '--root', root, '--log', 'json'];
    await main(args, io);
    expect(bodies).toHaveLength(1);
    expect(bodies[0]?.['text']).toMatch(/^\[FIRING\] ferry sandbox: \d+ dead letters \(threshold 0\)$/);
    await main(args, io);
    expect(bodies).toHaveLength(1);
    expect(out).not.toContain('s3cr3t-token');
  });

  it('names, URLs and durations are checked (FERRY035-038)', async () => {
    const text = readFileSync(tenantFile(), 'utf8');
    const alerts = [
      'alerts:',
      '  webhooks:',
      '    - { name: ops, url: { env: FERRY_TEST_ALERT_URL } }',
      '    - { name: ops, url: { env: FERRY_TEST_ALERT_URL } }',
      '    - { name: other, url: { env: FERRY_SANDBOX_CAMPAIGN_SECRET } }',
      '  optoutPendingFor: 0s',
      '',
    ];
    writeFileSync(tenantFile(), `${text.slice(0, text.indexOf('\nalerts:'))}\n${alerts.join('\n')}`);
    const r = await validateProject({ root, tenant: 'sandbox', schemaOnly: true });
    const found = r.diagnostics.map((d) => `${d.code} ${d.pointer}`);
    expect(found).toEqual(
      expect.arrayContaining([
        'FERRY035 /alerts/webhooks/1/name',
        'FERRY036 /alerts/webhooks/1/url',
        'FERRY037 /alerts/webhooks/2/url',
        'FERRY038 /alerts/optoutPendingFor',
      ]),
    );
  });
});
