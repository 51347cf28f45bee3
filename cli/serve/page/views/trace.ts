// Record trace: a GET search box, then every write, dead letter, opt-out decision, action and run for the id.
import { html, type Html } from '../html.ts';
import type { RecordTrace } from '../../../../runtime/read/index.ts';
import type { PageTenant, ViewCtx } from '../types.ts';
import { ACTION_HEAD, AUDIT_HEAD, actionRows, auditRows } from './audit.ts';
import { LETTER_HEAD, letterRows } from './letters.ts';
import { table } from './parts.ts';
import { RUN_HEAD, runRows } from './runs.ts';

export function traceView(ctx: ViewCtx, t: PageTenant, trace: RecordTrace | null): Html {
  const form = html`<form method="get">
    <input
      name="id"
      value="${trace?.query ?? ''}"
      size="40"
      placeholder="Dynamics id, Campaign key or event id"
      required
    />
    <button>trace</button>
  </form>`;
  if (trace === null) return form;
  const writes = trace.writes.map(
    (w) =>
      html`<tr>
        <td>${w.flow}</td>
        <td>${w.sourceId}</td>
        <td>${w.targetKey}</td>
        <td>${w.syncedAt}</td>
        <td>${w.createdByFerry ? 'yes' : 'no'}</td>
        <td>${w.matched ? 'yes' : 'no'}</td>
        <td><code>${w.hash}</code></td>
      </tr>`,
  );
  const uncommitted = trace.uncommitted.map(
    (u) =>
      html`<tr>
        <td>${u.flow}</td>
        <td>${u.sourceId}</td>
        <td>${u.targetKey}</td>
        <td>${u.sentAt}</td>
      </tr>`,
  );
  const pending = trace.pendingOptouts.map(
    (p) =>
      html`<tr>
        <td>${p.flow}</td>
        <td>${p.side}</td>
        <td>${p.field}</td>
        <td>${String(p.value)}</td>
        <td class="num">${p.attempts}</td>
        <td>${p.reason}</td>
      </tr>`,
  );
  return html`${form}
    <p class="muted">ids: ${trace.sourceIds.join(', ')}</p>
    <h2>Writes</h2>
    ${table(['flow', 'source id', 'Campaign key', 'synced', 'created by ferry', 'matches filter', 'hash'], writes, 'nothing written')}
    <h2>Sent, not committed</h2>
    <p class="muted">
      Event writes of a run that stopped before committing them; the flow's next run writes them again.
    </p>
    ${table(['flow', 'source id', 'Dynamics record', 'sent'], uncommitted, 'none')}
    <h2>Dead letters</h2>
    ${table(LETTER_HEAD, letterRows(ctx, t, trace.deadLetters), 'none')}
    <h2>Opt-out decisions</h2>
    ${table(AUDIT_HEAD, auditRows(trace.optoutAudit), 'none')}
    <h2>Pending opt-outs</h2>
    ${table(['flow', 'side', 'field', 'value', 'attempts', 'reason'], pending, 'none')}
    <h2>Operator actions</h2>
    ${table(ACTION_HEAD, actionRows(trace.actions), 'none')}
    <h2>Runs</h2>
    ${table(RUN_HEAD, runRows(trace.runs), 'none')}`;
}
