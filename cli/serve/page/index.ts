// The status page as a mountable route: server-rendered, readable without JavaScript; actions need an admin token.
//   const page = createStatusPage({ tenants: () => [...], admin: adminTokensFromEnv() });
//   http.createServer(async (req, res) => { if (!(await page(req, res, new URL(req.url!, 'http://x')))) …404 });
import type { IncomingMessage, ServerResponse } from 'node:http';
import { performAction, type ActionName } from './actions.ts';
import { letterById, sqlOf } from '../../../runtime/read/index.ts';
import { Guard, sameOrigin } from './guard.ts';
import { html, layout } from './html.ts';
import { readForm, redirect, sendHtml, sendJson } from './http.ts';
import { notFound, readPage } from './read-routes.ts';
import type { PageTenant, Route, StatusPageDeps, ViewCtx } from './types.ts';
import { nav } from './views/parts.ts';

export type { PageTenant, Route, StatusPageDeps, TenantActions } from './types.ts';
export { adminTokensFromEnv, type AdminTokens } from './admin-token.ts';
export { runtimeTenant } from './runtime-tenant.ts';

const ACTION = /^\/t\/([^/]+)\/(?:letters\/(\d+)\/(retry|discard)|flows\/([^/]+)\/(replay|pause|resume))$/;

export function createStatusPage(deps: StatusPageDeps): Route {
  const base = (deps.base ?? '').replace(/\/+$/, '');
  const guard = new Guard(deps.admin, `${base}/`);

  const ctxOf = (req: IncomingMessage, url: URL): ViewCtx => ({
    base,
    adminEnabled: deps.admin.enabled,
    session: guard.session(req),
    url,
  });

  const refuse = (res: ServerResponse, ctx: ViewCtx, status: number, why: string, api: boolean): true => {
    if (api) sendJson(res, status, { error: why });
    else sendHtml(res, status, layout('Refused', nav(ctx, deps.tenants()), html`<p class="bad">${why}</p>`));
    return true;
  };

  async function post(req: IncomingMessage, res: ServerResponse, url: URL, path: string): Promise<boolean> {
    const m = ACTION.exec(path);
    if (path !== '/login' && path !== '/logout' && m === null) return false;
    const ctx = ctxOf(req, url);
    const api = req.headers.authorization !== undefined;
    const form = await readForm(req);
    if (form === null) return refuse(res, ctx, 400, 'expected a small url-encoded form', api);
    if (path === '/login' || path === '/logout') {
      if (!deps.admin.enabled) return refuse(res, ctx, 403, 'read-only: no admin token is configured', api);
      if (!sameOrigin(req)) return refuse(res, ctx, 403, 'cross-site request refused', api);
      if (path === '/logout') {
        redirect(res, `${base}/`, guard.logout(req));
        return true;
      }
      const cookie = guard.login(form.get('token') ?? '');
      if (cookie === null) return refuse(res, ctx, 403, 'wrong admin token', api);
      const next = form.get('next') ?? '';
      // Only a path of this page: an open redirect would carry the session elsewhere.
      redirect(res, next.startsWith(`${base}/`) && !next.startsWith('//') ? next : `${base}/`, cookie);
      return true;
    }
    const who = guard.authorize(req, form);
    if ('refused' in who) return refuse(res, ctx, 403, who.refused, api);
    const tenant = deps.tenants().find((t) => t.name === decodeURIComponent(m?.[1] ?? ''));
    const flowName = m?.[4] !== undefined ? decodeURIComponent(m[4]) : null;
    if (tenant === undefined || (flowName !== null && !tenant.flows.some((f) => f.name === flowName)))
      return refuse(res, ctx, 404, 'no such tenant or flow', api);
    const letterId = m?.[2] !== undefined ? Number(m[2]) : null;
    const letterFlow = letterId === null ? null : await flowOfLetter(tenant, letterId);
    const why = (form.get('why') ?? '').trim();
    const result = await performAction(deps, tenant, {
      action: (m?.[3] ?? m?.[5]) as ActionName,
      flow: flowName ?? letterFlow ?? '',
      letterId,
      actor: who.actor,
      why: why === '' ? null : why,
    });
    if (api) sendJson(res, result.status, result.record);
    else redirect(res, `${base}/t/${encodeURIComponent(tenant.name)}/actions`);
    return true;
  }

  async function handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean> {
    if (base !== '' && url.pathname !== base && !url.pathname.startsWith(`${base}/`)) return false;
    const path = url.pathname.slice(base.length) || '/';
    if (req.method === 'POST') return post(req, res, url, path);
    if (req.method !== 'GET' && req.method !== 'HEAD') return false;
    const ctx = ctxOf(req, url);
    const page = await readPage(ctx, deps.tenants(), path);
    if (page === null) {
      if (!path.startsWith('/t/')) return false; // not ours: /metrics, /healthz … belong to the server
      sendHtml(res, 404, notFound(ctx, deps.tenants()));
      return true;
    }
    sendHtml(res, 200, page);
    return true;
  }

  return async (req, res, url) => {
    try {
      return await handle(req, res, url);
    } catch (err) {
      // The state store failed (locked, unreachable): say so on the page; the message is scrubbed of secrets.
      if (res.headersSent) res.destroy();
      else refuse(res, ctxOf(req, url), 500, err instanceof Error ? err.message : String(err), false);
      return true;
    }
  };
}

async function flowOfLetter(t: PageTenant, id: number): Promise<string | null> {
  return (await letterById(sqlOf(t.state), id))?.flow ?? null;
}
