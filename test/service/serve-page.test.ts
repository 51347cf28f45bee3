// `ferry serve` on the sandbox mounts the status page and the alert monitor on its process: the page answers on
// the service port, an action without the admin token is refused, one with it is audited, and the sandbox's
// dead letters raise one alert at a local webhook.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { appendFile, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../emulators/sandbox/index.ts';
import { compile, compiledSandbox } from './sandbox-serve.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const TOKEN = 'serve-page-admin-token-0123456789';
let sb: Sandbox;
let root: string;
let hook: Server;
const posts: Record<string, unknown>[] = [];
let gotAlert: () => void = () => {};
const alerted = new Promise<void>((resolve) => (gotAlert = resolve));

beforeAll(async () => {
  sb = await startSandbox({ contacts: 300, seed: 7 });
  root = await compiledSandbox(sb, 'ferry-serve-page-');
  hook = createServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString()));
    req.on('end', () => {
      posts.push(JSON.parse(body) as Record<string, unknown>);
      res.end('ok');
      gotAlert();
    });
  });
  hook.listen(0, '127.0.0.1');
  await once(hook, 'listening');
  // Alert on any live dead letter: the sandbox seeds invalid emails, so the first contacts pass raises it.
  await appendFile(
    path.join(root, 'tenants/sandbox/tenant.yaml'),
    '\nalerts:\n  webhooks:\n    - { name: test, url: { env: FERRY_TEST_ALERT_HOOK }, format: json }\n  deadLetters: 0\n',
  );
  await compile(root);
}, 120_000);
afterAll(async () => {
  await sb?.close();
  hook?.close();
  if (root) await rm(root, { recursive: true, force: true });
});

function serve(): { p: ChildProcess; err: () => string; url: Promise<string> } {
  const hookUrl = `http://127.0.0.1:${(hook.address() as AddressInfo).port}/hook`;
  const p = spawn(
    process.execPath,
    [path.join(ROOT, 'bin/ferry.js'), 'serve', '--tenant', 'sandbox', '--listen', '127.0.0.1:0'],
    {
      cwd: root,
      env: { ...process.env, FERRY_ADMIN_TOKEN: `ops ${TOKEN}`, FERRY_TEST_ALERT_HOOK: hookUrl },
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  let err = '';
  const url = new Promise<string>((resolve, reject) => {
    p.stderr?.on('data', (d: Buffer) => {
      err += d.toString();
      const m = /"url":"([^"]+)"/.exec(err);
      if (m?.[1] !== undefined) resolve(m[1]);
    });
    p.on('exit', () => reject(new Error(`serve exited:\n${err.slice(-2000)}`)));
  });
  return { p, err: () => err, url };
}

describe('ferry serve with the status page and alerts', () => {
  it('serves the page, refuses an anonymous action, audits an admin one, and posts the dead-letter alert', async () => {
    const s = serve();
    try {
      const url = await s.url;
      const home = await fetch(`${url}/`);
      expect(home.status).toBe(200);
      expect(home.headers.get('content-type')).toMatch(/text\/html/);
      expect(await home.text()).toContain('contacts');
      expect((await fetch(`${url}/metrics`)).status).toBe(200);

      const pause = (auth: Record<string, string>) =>
        fetch(`${url}/t/sandbox/flows/vehicles/pause`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded', ...auth },
          body: 'why=serve+test',
        });
      expect((await pause({})).status).toBe(403);
      const done = await pause({ authorization: `Bearer ${TOKEN}` });
      expect(done.status).toBe(200);
      expect(await done.json()).toMatchObject({ action: 'pause', actor: 'ops', why: 'serve test' });
      const actions = await (await fetch(`${url}/t/sandbox/actions`)).text();
      expect(actions).toMatch(/ops[\s\S]*pause[\s\S]*vehicles[\s\S]*serve test/);

      await alerted;
      const first = posts[0] ?? {};
      expect(JSON.stringify(first)).toMatch(/dead/i);
      expect(s.err()).not.toContain('127.0.0.1:' + String((hook.address() as AddressInfo).port) + '/hook');
    } finally {
      s.p.kill('SIGTERM');
      await once(s.p, 'exit');
    }
  });
});
