// Overview: every tenant's flows with state, schedule, backlog, dead letters, last run and lag.
import { html, type Html } from '../html.ts';
import type { FlowOverview } from '../../../../runtime/read/index.ts';
import type { PageTenant, ViewCtx } from '../types.ts';
import { ago, counts, table, tenantPath } from './parts.ts';

const bad = (s: string): boolean => s === 'failed' || s === 'expired';

export function stateCell(f: FlowOverview): Html {
  const s = f.status.status;
  return html`<td data-k="status" class="${bad(s) ? 'bad' : ''}">
    ${s}${f.paused !== null ? html` <strong class="bad">paused</strong>` : ''}
  </td>`;
}

export function flowRow(ctx: ViewCtx, t: PageTenant, f: FlowOverview): Html {
  const st = f.status;
  const run = st.lastRun;
  return html`<tr data-flow="${st.flow}">
    <td><a href="${tenantPath(ctx, t.name, `/flows/${encodeURIComponent(st.flow)}`)}">${st.flow}</a></td>
    <td>${st.kind}</td>
    ${stateCell(f)}
    <td>${f.schedule?.schedule ?? '—'}</td>
    <td>${f.schedule?.nextRunAt ?? '—'}</td>
    <td class="num" data-k="backlog">${st.backlog}</td>
    <td class="num" data-k="deadLetters">
      <a href="${tenantPath(ctx, t.name, `/letters?flow=${encodeURIComponent(st.flow)}`)}"
        >${st.deadLetters}</a
      >
    </td>
    <td class="num" data-k="pendingOptouts">${st.pendingOptouts.length}</td>
    <td data-k="lastRun">
      ${
        run === null
          ? 'never'
          : html`${run.mode} ${run.startedAt}:
            ${counts(run.counts)}${run.error !== null ? html` <span class="bad">${run.error}</span>` : ''}`
      }
    </td>
    <td>${ago(f.lagSeconds)}</td>
  </tr>`;
}

export const FLOW_HEAD = [
  'flow',
  'kind',
  'state',
  'schedule',
  'next run',
  'backlog',
  'dead letters',
  'pending opt-outs',
  'last run',
  'since last ok run',
];

export function overviewView(
  ctx: ViewCtx,
  tenants: readonly { t: PageTenant; flows: FlowOverview[] }[],
): Html {
  return html`${tenants.map(
    ({ t, flows }) =>
      html`<section data-tenant="${t.name}">
        <h2>${t.name}</h2>
        ${t.bundleHash !== undefined ? html`<p class="muted">bundle ${t.bundleHash}</p>` : ''}
        ${table(
          FLOW_HEAD,
          flows.map((f) => flowRow(ctx, t, f)),
          'no flows',
        )}
      </section>`,
  )}`;
}
