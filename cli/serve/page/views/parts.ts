// Pieces every view shares: navigation, tables, pagers, filter and action forms, number formats.
import { html, type Html } from '../html.ts';
import type { PageTenant, ViewCtx } from '../types.ts';
import type { Page } from '../../../../runtime/read/index.ts';

export const tenantPath = (ctx: ViewCtx, t: string, rest = ''): string =>
  `${ctx.base}/t/${encodeURIComponent(t)}${rest}`;

export function nav(ctx: ViewCtx, tenants: readonly PageTenant[]): Html {
  const links = tenants.map(
    (t) =>
      html` <a href="${tenantPath(ctx, t.name, '/runs')}">${t.name}: runs</a>
        <a href="${tenantPath(ctx, t.name, '/letters')}">dead letters</a>
        <a href="${tenantPath(ctx, t.name, '/audit')}">opt-out audit</a>
        <a href="${tenantPath(ctx, t.name, '/actions')}">actions</a>
        <a href="${tenantPath(ctx, t.name, '/trace')}">trace</a>`,
  );
  return html`<a href="${ctx.base}/">overview</a>${links}${account(ctx)}`;
}

function account(ctx: ViewCtx): Html {
  if (!ctx.adminEnabled) return html`<span class="muted">read-only</span>`;
  if (ctx.session !== null)
    return html`<form class="inline" method="post" action="${ctx.base}/logout">
      <input type="hidden" name="csrf" value="${ctx.session.csrf}" />
      signed in as ${ctx.session.actor} <button>sign out</button>
    </form>`;
  return html`<form class="inline" method="post" action="${ctx.base}/login">
    <input type="hidden" name="next" value="${ctx.url.pathname + ctx.url.search}" />
    <input type="password" name="token" placeholder="admin token" autocomplete="off" required />
    <button>sign in</button>
  </form>`;
}

export const num = (n: number | null | undefined): Html => html`<td class="num">${n ?? 0}</td>`;

export function table(head: readonly string[], rows: readonly Html[], empty = 'none'): Html {
  if (rows.length === 0) return html`<p class="muted">${empty}</p>`;
  return html`<table>
    <thead>
      <tr>
        ${head.map((h) => html`<th>${h}</th>`)}
      </tr>
    </thead>
    <tbody>
      ${rows}
    </tbody>
  </table>`;
}

/** "n–m of total" with previous/next links keeping the other query parameters. */
export function pager(ctx: ViewCtx, page: Page<unknown>): Html {
  const at = (offset: number): string => {
    const q = new URLSearchParams(ctx.url.searchParams);
    q.set('offset', String(Math.max(0, offset)));
    return `${ctx.url.pathname}?${q.toString()}`;
  };
  const last = page.offset + page.rows.length;
  return html`<p class="muted">
    ${page.total === 0 ? 0 : page.offset + 1}–${last} of
    <span data-k="total">${page.total}</span>
    ${page.offset > 0 ? html` <a href="${at(page.offset - page.limit)}">previous</a>` : ''}
    ${last < page.total ? html` <a href="${at(page.offset + page.limit)}">next</a>` : ''}
  </p>`;
}

/** A select of flows for a GET filter form. */
export function flowSelect(t: PageTenant, selected: string): Html {
  return html`<select name="flow">
    <option value="">all flows</option>
    ${t.flows.map(
      (f) => html`<option value="${f.name}" ${f.name === selected ? html` selected` : ''}>${f.name}</option>`,
    )}
  </select>`;
}

/** A POST form for one action; read-only visitors see nothing, so nothing invites a refused click. */
export function actionForm(ctx: ViewCtx, action: string, label: string, why: 'required' | 'optional'): Html {
  if (ctx.session === null) return html``;
  return html`<form class="inline" method="post" action="${action}">
    <input type="hidden" name="csrf" value="${ctx.session.csrf}" />
    <input name="why" placeholder="why" ${why === 'required' ? html`required` : ''} />
    <button>${label}</button>
  </form>`;
}

export const counts = (c: Readonly<Record<string, number>>): string =>
  ['read', 'created', 'updated', 'unchanged', 'deleted', 'skipped', 'deadLettered']
    .filter((k) => (c[k] ?? 0) > 0)
    .map((k) => `${k} ${c[k]}`)
    .join(', ') || 'nothing';

export const ago = (seconds: number | null): string =>
  seconds === null ? 'never' : seconds < 120 ? `${seconds} s` : `${Math.round(seconds / 60)} min`;
