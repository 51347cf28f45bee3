// The dead-letter browser: reason, attempts, next retry, record id (traced); filters; retry and discard.
import { html, type Html } from '../html.ts';
import type { LetterRow, Page } from '../../../../runtime/read/index.ts';
import type { PageTenant, ViewCtx } from '../types.ts';
import { actionForm, flowSelect, pager, table, tenantPath } from './parts.ts';

export function letterRows(ctx: ViewCtx, t: PageTenant, rows: readonly LetterRow[]): Html[] {
  return rows.map((d) => {
    const at = tenantPath(ctx, t.name, `/letters/${d.id}`);
    return html`<tr data-letter="${d.id}">
      <td class="num">${d.id}</td>
      <td>${d.flow}</td>
      <td>
        <a href="${tenantPath(ctx, t.name, `/trace?id=${encodeURIComponent(d.sourceId)}`)}">${d.sourceId}</a>
      </td>
      <td>${d.code ?? ''}</td>
      <td>${d.reason}</td>
      <td class="num">${d.attempts}</td>
      <td>${d.lastAttemptAt}</td>
      <td>
        ${d.discarded !== null ? html`discarded ${d.discarded.at} by ${d.discarded.by}: ${d.discarded.note}` : (d.nextRetryAt ?? 'next run')}
      </td>
      <td>
        ${d.discarded === null ? html`${actionForm(ctx, `${at}/retry`, 'retry', 'optional')} ${actionForm(ctx, `${at}/discard`, 'discard', 'required')}` : ''}
      </td>
    </tr>`;
  });
}

export const LETTER_HEAD = [
  'id',
  'flow',
  'record',
  'code',
  'reason',
  'attempts',
  'last attempt',
  'next retry',
  '',
];

export function lettersView(
  ctx: ViewCtx,
  t: PageTenant,
  page: Page<LetterRow>,
  codes: readonly { code: string; count: number }[],
): Html {
  const q = ctx.url.searchParams;
  const code = q.get('code') ?? '';
  return html`<form method="get">
      ${flowSelect(t, q.get('flow') ?? '')}
      <select name="code">
        <option value="">all reasons</option>
        ${codes.map(
          (c) =>
            html`<option value="${c.code}" ${c.code === code ? html` selected` : ''}>
              ${c.code || '(none)'} (${c.count})
            </option>`,
        )}
      </select>
      <input name="q" value="${q.get('q') ?? ''}" placeholder="reason or record id" />
      <label
        ><input
          type="checkbox"
          name="discarded"
          value="1"
          ${q.get('discarded') === '1' ? html` checked` : ''}
        />
        discarded</label
      >
      <button>filter</button>
    </form>
    ${pager(ctx, page)}${table(LETTER_HEAD, letterRows(ctx, t, page.rows), 'no dead letters')}`;
}
