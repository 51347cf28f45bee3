// One flow: its state and numbers, recent runs, its dead letters' reasons, and the flow actions.
import { html, type Html } from '../html.ts';
import type { FlowOverview } from '../../../../runtime/read/index.ts';
import type { ActionRecord } from '../../../../runtime/state/port.ts';
import type { PageTenant, ViewCtx } from '../types.ts';
import { ACTION_HEAD, actionRows } from './audit.ts';
import { FLOW_HEAD, flowRow } from './overview.ts';
import { actionForm, table, tenantPath } from './parts.ts';
import { RUN_HEAD } from './runs.ts';

function flowActions(ctx: ViewCtx, t: PageTenant, f: FlowOverview): Html {
  if (!ctx.adminEnabled) return html`<p class="muted">Read-only: no admin token is configured.</p>`;
  if (ctx.session === null)
    return html`<p class="muted">Sign in with the admin token to act on this flow.</p>`;
  const at = tenantPath(ctx, t.name, `/flows/${encodeURIComponent(f.status.flow)}`);
  return html`<p>
    ${f.paused === null ? actionForm(ctx, `${at}/pause`, 'pause', 'optional') : actionForm(ctx, `${at}/resume`, 'resume', 'optional')}
    ${t.actions !== undefined ? actionForm(ctx, `${at}/replay`, 'replay (full resync)', 'required') : ''}
  </p>`;
}

export function flowView(
  ctx: ViewCtx,
  t: PageTenant,
  f: FlowOverview,
  runs: Html[],
  actions: readonly ActionRecord[],
): Html {
  const p = f.paused;
  return html`${table(FLOW_HEAD, [flowRow(ctx, t, f)])}
    ${p !== null ? html`<p class="note">Paused by ${p.actor} at ${p.at}${p.why !== null ? html`: ${p.why}` : ''}. Runs skip this flow until it is resumed.</p>` : ''}
    ${f.status.detail !== null ? html`<p>Detail: <span class="${f.status.status === 'failed' ? 'bad' : ''}">${f.status.detail}</span></p>` : ''}
    ${flowActions(ctx, t, f)}
    <p>
      <a href="${tenantPath(ctx, t.name, `/letters?flow=${encodeURIComponent(f.status.flow)}`)}"
        >dead letters of this flow</a
      >
      ·
      <a href="${tenantPath(ctx, t.name, `/runs?flow=${encodeURIComponent(f.status.flow)}`)}">all its runs</a>
    </p>
    <h2>Recent runs</h2>
    ${table(RUN_HEAD, runs, 'never run')}
    <h2>Recent actions</h2>
    ${table(ACTION_HEAD, actionRows(actions), 'no actions taken')}`;
}
