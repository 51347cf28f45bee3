// `ferry serve` in process against the sandbox: /metrics after one pass of every flow equals the run reports;
// /healthz, /readyz, an extra route, 404; a tampered bundle makes /readyz 503 and a new one is picked up.
import { appendFile, cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../emulators/sandbox/index.ts';
import type { FlowReport } from '../../runtime/index.ts';
import { silentLogger } from '../../runtime/log.ts';
import { Service } from '../../runtime/service/service.ts';
import { listen, serviceRoutes, type Listening, type Route } from '../../cli/serve/server.ts';
import { sum } from './prom.ts';
import { compile, compiledSandbox, openRuntime } from './sandbox-serve.ts';

let sb: Sandbox;
let root: string;

beforeAll(async () => {
  sb = await startSandbox({ contacts: 150, seed: 21 });
  root = await compiledSandbox(sb, 'ferry-serve-metrics-');
});
afterAll(async () => {
  await sb?.close();
  if (root) await rm(root, { recursive: true, force: true });
});

/** Starts a service on the sandbox tenant; `next(n)` resolves once n more passes ended. */
async function start(interval: string, routes: Route[] = []) {
  const rt = await openRuntime(root);
  const reports: FlowReport[] = [];
  const waiters: { n: number; resolve: () => void }[] = [];
  const svc = new Service({
    tenants: [{ name: 'sandbox', rt }],
    log: silentLogger(),
    interval,
    onPass: (_t, r) => {
      reports.push(r);
      for (const w of waiters.splice(0))
        if (reports.length >= w.n) w.resolve();
        else waiters.push(w);
    },
  });
  const done = svc.start();
  const http: Listening = await listen('127.0.0.1:0', [...serviceRoutes(svc), ...routes]);
  const passes = (n: number): Promise<void> =>
    reports.length >= n ? Promise.resolve() : new Promise((resolve) => waiters.push({ n, resolve }));
  const stop = async () => {
    await svc.stop();
    await done;
    await http.close();
  };
  return { rt, svc, http, reports, passes, stop };
}

describe('serve metrics and probes', () => {
  it('exports what the run reports say after one pass of each flow', async () => {
    const extra: Route = async (_req, res, url) => {
      if (url.pathname !== '/status') return false;
      res.end('status page');
      return true;
    };
    const s = await start('1h', [extra]);
    try {
      const flows = s.rt.engine.select().map((f) => f.name);
      await s.passes(flows.length);
      const text = await (await fetch(`${s.http.url}/metrics`)).text();
      for (const r of s.reports) {
        expect(r.outcome, r.error ?? '').toBe('ok');
        const l = { tenant: 'sandbox', flow: r.flow };
        for (const [key, n] of Object.entries(r.counts))
          if (!['apiCalls', 'engineCalls', 'durationMs'].includes(key))
            expect(sum(text, 'ferry_records_total', { ...l, outcome: key }), `${r.flow} ${key}`).toBe(n);
        expect(sum(text, 'ferry_engine_calls_total', l)).toBe(r.counts['engineCalls']);
        // Without faults every logical request is one request on the wire (the journal is counted apart).
        const wire =
          sum(text, 'ferry_api_requests_total', { ...l, service: 'Dynamics' }) +
          sum(text, 'ferry_api_requests_total', { ...l, service: 'Campaign' });
        expect(wire, r.flow).toBe(r.counts['apiCalls']);
        expect(sum(text, 'ferry_run_duration_seconds_count', l)).toBe(1);
        expect(sum(text, 'ferry_last_success_timestamp_seconds', l)).toBeGreaterThan(0);
      }
      const status = await s.rt.status();
      for (const st of status)
        expect(sum(text, 'ferry_backlog', { tenant: 'sandbox', flow: st.flow }), st.flow).toBe(st.backlog);
      const letters = await s.rt.deadLetters();
      expect(sum(text, 'ferry_dead_letters', { tenant: 'sandbox' })).toBe(letters.length);
      expect(letters.length).toBeGreaterThan(0); // the sandbox seeds invalid emails
      expect(sum(text, 'ferry_journal_lag_seconds', { flow: 'email-events' })).toBeGreaterThanOrEqual(0);
      expect(text).toMatch(/^ferry_journal_lag_seconds\{tenant="sandbox",flow="email-events"\}/m);
      expect(text).toMatch(/^process_cpu_seconds_total /m);

      const health = await fetch(`${s.http.url}/healthz`);
      expect([health.status, (await health.json()) as unknown]).toMatchObject([200, { status: 'alive' }]);
      const ready = await fetch(`${s.http.url}/readyz`);
      expect(ready.status).toBe(200);
      expect(await ready.json()).toMatchObject({
        ready: true,
        tenants: [{ tenant: 'sandbox', stopped: [] }],
      });
      expect(await (await fetch(`${s.http.url}/status`)).text()).toBe('status page');
      expect((await fetch(`${s.http.url}/nope`)).status).toBe(404);
      expect((await fetch(`${s.http.url}/metrics`, { method: 'POST' })).status).toBe(405);
    } finally {
      await s.stop();
    }
  });

  it('answers 503 on a bundle that fails verification, keeps the old one running, then picks up a new bundle', async () => {
    const s = await start('150ms');
    try {
      await s.passes(5);
      const dist = path.join(root, 'dist', 'sandbox');
      const before = s.rt.manifest.bundleHash;
      // A new bundle, built elsewhere (the tenant file changed), then deployed over dist/ in two steps.
      const next = path.join(await mkdtemp(path.join(tmpdir(), 'ferry-serve-next-')), 'dist');
      await appendFile(path.join(root, 'tenants/sandbox/tenant.yaml'), '\n# deploy 2\n');
      await compile(root, next);
      const manifest = await readFile(path.join(next, 'manifest.json'), 'utf8');
      // Half a deploy: the new manifest is in place, one module is not what it lists.
      await writeFile(path.join(dist, 'manifest.json'), manifest);
      const file = Object.keys(
        (JSON.parse(manifest) as { files: Record<string, string> }).files,
      )[0] as string;
      await appendFile(path.join(dist, file), '\n// half copied\n');
      const seen = s.reports.length;
      // Bundles are looked at between passes of all due flows: after 6 more passes at least one look happened.
      await s.passes(seen + 6);
      const broken = await fetch(`${s.http.url}/readyz`);
      expect(broken.status).toBe(503);
      expect(await broken.json()).toMatchObject({
        ready: false,
        tenants: [{ bundle: { ok: false, hash: before } }],
      });
      expect(s.reports.slice(seen).every((r) => r.outcome === 'ok')).toBe(true); // the old bundle kept running
      await cp(next, dist, { recursive: true, force: true });
      const after = JSON.parse(manifest).bundleHash as string;
      await s.passes(s.reports.length + 6);
      expect(s.rt.manifest.bundleHash).toBe(after);
      expect(after).not.toBe(before);
      const ready = await fetch(`${s.http.url}/readyz`);
      expect(ready.status).toBe(200);
      await rm(path.dirname(next), { recursive: true, force: true });
    } finally {
      await s.stop();
    }
  });
});
