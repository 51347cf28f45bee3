// The opt-out audit trail and the operators' action log.
import { html, type Html } from '../html.ts';
import type { AuditRow, Page } from '../../../../runtime/read/index.ts';
import type { ActionRecord } from '../../../../runtime/state/port.ts';
import type { PageTenant, ViewCtx } from '../types.ts';
import { flowSelect, pager, table } from './parts.ts';

const yn = (v: boolean | null): string => (v === null ? '—' : String(v));

export function auditRows(rows: readonly AuditRow[]): Html[] {
  return rows.map(
    (a) =>
      html`<tr>
        <td>${a.at}</td>
        <td>${a.flow}</td>
        <td>${a.sourceId}</td>
        <td>${a.pair}</td>
        <td>${yn(a.dynamicsValue)}</td>
        <td>${yn(a.campaignValue)}</td>
        <td>${a.decided ? 'yes' : 'no'}</td>
        <td>${a.winner}</td>
        <td>${a.reason}</td>
      </tr>`,
  );
}
export const AUDIT_HEAD = [
  'at',
  'flow',
  'record',
  'pair',
  'Dynamics',
  'Campaign',
  'decided',
  'winner',
  'reason',
];

export function auditView(ctx: ViewCtx, t: PageTenant, page: Page<AuditRow>): Html {
  const q = ctx.url.searchParams;
  return html`<form method="get">
      ${flowSelect(t, q.get('flow') ?? '')}
      <input name="q" value="${q.get('q') ?? ''}" placeholder="record, pair, winner, reason" />
      <button>filter</button>
    </form>
    ${pager(ctx, page)}${table(AUDIT_HEAD, auditRows(page.rows), 'no opt-out decisions')}`;
}

export function actionRows(rows: readonly ActionRecord[]): Html[] {
  return rows.map(
    (a) =>
      html`<tr data-action="${a.id}">
        <td>${a.at}</td>
        <td>${a.actor}</td>
        <td>${a.action}</td>
        <td>${a.flow ?? ''}</td>
        <td>${a.target ?? ''}</td>
        <td>${a.why ?? ''}</td>
        <td data-k="outcome">${a.outcome}</td>
      </tr>`,
  );
}
export const ACTION_HEAD = ['at', 'who', 'action', 'flow', 'target', 'why', 'outcome'];

export function actionsView(ctx: ViewCtx, page: Page<ActionRecord>): Html {
  return html`${pager(ctx, page)}${table(ACTION_HEAD, actionRows(page.rows), 'no actions taken')}`;
}
