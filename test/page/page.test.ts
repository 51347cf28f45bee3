// The status page over HTTP: pages render the state after a real run, numbers match `ferry status --json`,
// actions need the admin token, are CSRF-safe and audited; a paused flow is skipped by `ferry run`.
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminTokensFromEnv } from '../../cli/serve/page/index.ts';
import { startPageFixture, type PageFixture } from './fixture.ts';

let fx: PageFixture;
const TOKEN = 'page-test-admin-token-0123456789';
beforeAll(async () => {
  fx = await startPageFixture(adminTokensFromEnv({ FERRY_ADMIN_TOKEN: `ana ${TOKEN}` }), 'ferry-page-');
}, 120_000);
afterAll(async () => fx?.close());

const get = async (p: string, cookie?: string) => {
  const r = await fetch(`${fx.url}${p}`, { headers: cookie ? { cookie } : {} });
  return { status: r.status, text: await r.text(), headers: r.headers };
};
const cell = (page: string, flow: string, k: string): string | undefined => {
  const row = new RegExp(`<tr data-flow="${flow}">([\\s\\S]*?)</tr>`).exec(page)?.[1] ?? '';
  const m = new RegExp(`data-k="${k}"[^>]*>([\\s\\S]*?)</td>`).exec(row);
  return m?.[1]
    ?.replace(/<[^>]*>/g, '')
    .trim()
    .split(/\s+/)[0];
};
const api = (p: string, body: Record<string, string>, token = TOKEN) =>
  fetch(`${fx.url}${p}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(body).toString(),
  });

describe('status page', () => {
  it('overview numbers equal ferry status --json, with a strict CSP and no script', async () => {
    const page = await get('/');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toMatch(/default-src 'none'/);
    expect(page.text).not.toMatch(/<script/i);
    // The one inline style is exactly what the CSP hash allows (a browser would drop it otherwise).
    const style = /<style>([\s\S]*?)<\/style>/.exec(page.text)?.[1] ?? '';
    const hash = createHash('sha256').update(style).digest('base64');
    expect(page.headers.get('content-security-policy')).toContain(`style-src 'sha256-${hash}'`);
    expect(page.headers.get('referrer-policy')).toBe('same-origin'); // no-referrer makes form posts send Origin: null
    const status = JSON.parse((await fx.ferry('status', '--json')).out) as {
      flow: string;
      status: string;
      backlog: number;
      deadLetters: number;
    }[];
    expect(status.reduce((n, f) => n + f.deadLetters, 0)).toBeGreaterThan(0);
    for (const f of status) {
      expect(cell(page.text, f.flow, 'status')).toBe(f.status);
      expect(cell(page.text, f.flow, 'backlog')).toBe(String(f.backlog));
      expect(cell(page.text, f.flow, 'deadLetters')).toBe(String(f.deadLetters));
    }
  });

  it('renders run history, dead letters, audit, actions, flow and trace pages', async () => {
    for (const p of ['/t/sandbox/runs', '/t/sandbox/letters', '/t/sandbox/audit', '/t/sandbox/actions'])
      expect((await get(p)).status, p).toBe(200);
    expect((await get('/t/sandbox/flows/contacts')).text).toMatch(/Recent runs/);
    expect((await get('/t/sandbox/flows/nope')).status).toBe(404);
    expect((await get('/metrics')).status).toBe(404); // not the page's: left to the server
    const letters = fx.rt.state.listDeadLetters('contacts');
    const first = (await letters)[0];
    const trace = await get(`/t/sandbox/trace?id=${encodeURIComponent(first?.sourceId ?? '')}`);
    expect(trace.text).toContain(
      first?.reason.slice(0, 20).replaceAll("'", '&#39;').replaceAll('"', '&quot;'),
    );
    expect(trace.text).toMatch(/data-run="\d+"/);
  });

  it('refuses actions without the token, with a wrong token, and cross-site', async () => {
    const [d] = await fx.rt.state.listDeadLetters('contacts');
    const path = `/t/sandbox/letters/${d?.id}/discard`;
    const anon = await fetch(`${fx.url}${path}`, {
      method: 'POST',
      headers: { origin: fx.url, 'content-type': 'application/x-www-form-urlencoded' },
      body: 'why=x',
    });
    expect(anon.status).toBe(403);
    expect((await api(path, { why: 'x' }, 'wrong-token-wrong-token-wrong')).status).toBe(403);
    const cross = await fetch(`${fx.url}/login`, {
      method: 'POST',
      headers: { origin: 'http://evil.example', 'content-type': 'application/x-www-form-urlencoded' },
      body: `token=${TOKEN}`,
      redirect: 'manual',
    });
    expect(cross.status).toBe(403);
    expect((await fx.rt.state.listDeadLetters('contacts')).some((x) => x.id === d?.id)).toBe(true);
  });

  it('signs in with the token and discards a letter through a CSRF-protected form, audited', async () => {
    const login = await fetch(`${fx.url}/login`, {
      method: 'POST',
      headers: { origin: fx.url, 'content-type': 'application/x-www-form-urlencoded' },
      body: `token=${TOKEN}&next=/t/sandbox/letters`,
      redirect: 'manual',
    });
    expect(login.status).toBe(303);
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    expect(login.headers.get('set-cookie')).toMatch(/HttpOnly; SameSite=Strict/);
    const letters = await get('/t/sandbox/letters', cookie);
    const csrf = /name="csrf" value="([^"]+)"/.exec(letters.text)?.[1] ?? '';
    const [d] = await fx.rt.state.listDeadLetters('contacts');
    const post = (body: string) =>
      fetch(`${fx.url}/t/sandbox/letters/${d?.id}/discard`, {
        method: 'POST',
        headers: { origin: fx.url, cookie, 'content-type': 'application/x-www-form-urlencoded' },
        body,
        redirect: 'manual',
      });
    expect((await post('why=no+csrf')).status).toBe(403);
    expect(
      (await post(`csrf=${csrf}&why=${encodeURIComponent('<script>alert(1)</script> "typo"')}`)).status,
    ).toBe(303);
    expect((await fx.rt.state.listDeadLetters('contacts')).some((x) => x.id === d?.id)).toBe(false);
    const log = await get('/t/sandbox/actions');
    expect(log.text).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &quot;typo&quot;');
    expect(log.text).not.toContain('<script>alert');
    expect(log.text).toMatch(/<td>ana<\/td>\s*<td>discard<\/td>/);
  });

  it('pauses a flow (ferry run skips it and says so), resumes it, and retries a letter', async () => {
    expect((await api('/t/sandbox/flows/vehicles/pause', { why: 'maintenance' })).status).toBe(200);
    const run = await fx.ferry('run', '--once', '--flow', 'vehicles');
    expect(run.out).toMatch(/vehicles\s+skipped/);
    expect(run.out).toMatch(/paused by ana at .*: maintenance/);
    expect((await fx.ferry('status')).out).toMatch(/paused by ana at .*: maintenance; runs skip it/);
    expect((await api('/t/sandbox/flows/vehicles/pause', {})).status).toBe(409);
    const [v] = await fx.rt.state.listDeadLetters('vehicles');
    const skipped = (await (await api(`/t/sandbox/letters/${v?.id}/retry`, {})).json()) as {
      outcome: string;
    };
    expect(skipped.outcome).toBe('skipped: the flow is paused by ana');
    expect((await api('/t/sandbox/flows/vehicles/resume', {})).status).toBe(200);
    const [d] = await fx.rt.state.listDeadLetters('contacts');
    const retried = await api(`/t/sandbox/letters/${d?.id}/retry`, {});
    expect(retried.status).toBe(200);
    const rec = (await retried.json()) as { actor: string; outcome: string };
    expect(rec.actor).toBe('ana');
    expect(rec.outcome).toMatch(/^failed: still dead-lettered/); // the sandbox email is still invalid
  });

  it('replays a flow in the background and records how it ended', async () => {
    expect((await api('/t/sandbox/flows/vehicles/replay', {})).status).toBe(400); // why is required
    const ended = fx.nextAction();
    const r = await api('/t/sandbox/flows/vehicles/replay', { why: 'resync after fix' });
    expect(((await r.json()) as { outcome: string }).outcome).toBe('started');
    expect((await ended).outcome).toMatch(/^done: read \d+/);
    expect((await get('/t/sandbox/runs?flow=vehicles')).text).toMatch(/<td>replay<\/td>/);
  });

  it('ferry history and ferry trace read the same models, with --json', async () => {
    const hist = await fx.ferry('history', '--flow', 'vehicles', '--json');
    expect(hist.code, hist.err).toBe(0);
    const runs = JSON.parse(hist.out) as { flow: string; mode: string; counts: Record<string, number> }[];
    expect(runs[0]).toMatchObject({ flow: 'vehicles', mode: 'replay' });
    const text = await fx.ferry('history', '--limit', '2');
    expect(text.out).toMatch(/^2 of \d+ runs$/m);
    expect((await fx.ferry('history', '--limit', 'x')).code).toBe(2);
    let entry: { sourceId: string; targetKey: string } | undefined;
    for await (const page of fx.rt.state.scanLedger('contacts')) {
      entry = page[0];
      break;
    }
    const byKey = await fx.ferry('trace', entry?.targetKey.toUpperCase() ?? '', '--json');
    const trace = JSON.parse(byKey.out) as {
      sourceIds: string[];
      writes: { sourceId: string }[];
      runs: unknown[];
    };
    expect(trace.sourceIds).toContain(entry?.sourceId);
    expect(trace.writes.map((w) => w.sourceId)).toContain(entry?.sourceId);
    expect(trace.runs.length).toBeGreaterThan(0);
    const [d] = await fx.rt.state.listDeadLetters('contacts');
    const byId = await fx.ferry('trace', d?.sourceId ?? '');
    expect(byId.out).toMatch(new RegExp(`dead letter ${d?.id}\\tcontacts\\tattempts \\d+`));
    expect((await fx.ferry('trace', 'no-such-record')).out).toMatch(/nothing recorded for no-such-record/);
  });
});
