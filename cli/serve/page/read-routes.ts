// GET pages: overview, flow, run history, dead letters, opt-out audit, action log, record trace.
import {
  actionLog,
  deadLetters,
  flowsOverview,
  letterCodes,
  optoutAudit,
  runHistory,
  sqlOf,
  traceRecord,
} from '../../../runtime/read/index.ts';
import { html, layout, type Html } from './html.ts';
import type { PageTenant, ViewCtx } from './types.ts';
import { actionsView, auditView } from './views/audit.ts';
import { flowView } from './views/flow.ts';
import { lettersView } from './views/letters.ts';
import { overviewView } from './views/overview.ts';
import { nav } from './views/parts.ts';
import { runRows, runsView } from './views/runs.ts';
import { traceView } from './views/trace.ts';

const int = (v: string | null): number | undefined => (v === null || v === '' ? undefined : Number(v));
const text = (q: URLSearchParams, k: string): string | undefined => q.get(k) ?? undefined;

export const overviewInput = (t: PageTenant) => ({
  state: t.state,
  flows: t.flows,
  ...(t.schedules !== undefined ? { schedules: t.schedules() } : {}),
});

/** The page for `rest` (the path below /t/<tenant>), or null when there is none. */
async function tenantPage(
  ctx: ViewCtx,
  t: PageTenant,
  rest: string,
): Promise<{ title: string; body: Html } | null> {
  const q = ctx.url.searchParams;
  const db = sqlOf(t.state);
  const paging = { offset: int(q.get('offset')), limit: int(q.get('limit')) };
  const flowMatch = /^\/flows\/([^/]+)$/.exec(rest);
  if (flowMatch !== null) {
    const name = decodeURIComponent(flowMatch[1] ?? '');
    const flow = t.flows.find((f) => f.name === name);
    if (flow === undefined) return null;
    const [f] = await flowsOverview({ ...overviewInput(t), flows: [flow], recent: 20 });
    if (f === undefined) return null;
    const acts = await actionLog(db, { flow: name, limit: 20 });
    return { title: `${t.name} · ${name}`, body: flowView(ctx, t, f, runRows(f.recentRuns), acts.rows) };
  }
  switch (rest) {
    case '/runs': {
      const page = await runHistory(db, {
        ...paging,
        flow: text(q, 'flow'),
        failed: q.get('failed') === '1',
        text: text(q, 'q'),
      });
      return { title: `${t.name} · run history`, body: runsView(ctx, t, page) };
    }
    case '/letters': {
      const page = await deadLetters(db, {
        ...paging,
        flow: text(q, 'flow'),
        code: text(q, 'code'),
        text: text(q, 'q'),
        discarded: q.get('discarded') === '1',
      });
      return { title: `${t.name} · dead letters`, body: lettersView(ctx, t, page, await letterCodes(db)) };
    }
    case '/audit': {
      const page = await optoutAudit(db, { ...paging, flow: text(q, 'flow'), text: text(q, 'q') });
      return { title: `${t.name} · opt-out audit`, body: auditView(ctx, t, page) };
    }
    case '/actions':
      return { title: `${t.name} · actions`, body: actionsView(ctx, await actionLog(db, paging)) };
    case '/trace': {
      const id = q.get('id');
      const trace = id === null || id.trim() === '' ? null : await traceRecord(db, id);
      return { title: `${t.name} · record trace`, body: traceView(ctx, t, trace) };
    }
    default:
      return null;
  }
}

/** The full HTML page for a GET path below the mount point, or null (not ours). */
export async function readPage(
  ctx: ViewCtx,
  tenants: readonly PageTenant[],
  path: string,
): Promise<Html | null> {
  const menu = nav(ctx, tenants);
  if (path === '/' || path === '') {
    const all = [];
    for (const t of tenants) all.push({ t, flows: await flowsOverview(overviewInput(t)) });
    return layout('Status', menu, overviewView(ctx, all));
  }
  const m = /^\/t\/([^/]+)(\/.*)$/.exec(path);
  if (m === null) return null;
  const name = decodeURIComponent(m[1] ?? '');
  const t = tenants.find((x) => x.name === name);
  if (t === undefined) return null;
  const page = await tenantPage(ctx, t, m[2] ?? '');
  return page === null ? null : layout(page.title, menu, page.body);
}

export const notFound = (ctx: ViewCtx, tenants: readonly PageTenant[]): Html =>
  layout('Not found', nav(ctx, tenants), html`<p>There is no such page.</p>`);
