// Run history: every pass, with counts, duration and error; filter by flow, failures, error text.
import { html, type Html } from '../html.ts';
import type { Page, RunRow } from '../../../../runtime/read/index.ts';
import type { PageTenant, ViewCtx } from '../types.ts';
import { counts, flowSelect, pager, table } from './parts.ts';

export function runRows(runs: readonly RunRow[]): Html[] {
  return runs.map(
    (r) =>
      html`<tr data-run="${r.id}">
        <td class="num">${r.id}</td>
        <td>${r.flow}</td>
        <td>${r.mode}</td>
        <td>${r.startedAt}</td>
        <td>${r.endedAt ?? 'running'}</td>
        <td class="num">${r.seconds ?? ''}</td>
        <td>${counts(r.counts)}</td>
        <td class="${r.error !== null ? 'bad' : ''}">${r.error ?? ''}</td>
      </tr>`,
  );
}

export const RUN_HEAD = ['run', 'flow', 'mode', 'started', 'ended', 'seconds', 'counts', 'error'];

export function runsView(ctx: ViewCtx, t: PageTenant, page: Page<RunRow>): Html {
  const q = ctx.url.searchParams;
  return html`<form method="get">
      ${flowSelect(t, q.get('flow') ?? '')}
      <label
        ><input type="checkbox" name="failed" value="1" ${q.get('failed') === '1' ? html` checked` : ''} />
        failed only</label
      >
      <input name="q" value="${q.get('q') ?? ''}" placeholder="error text" /> <button>filter</button>
    </form>
    ${pager(ctx, page)}${table(RUN_HEAD, runRows(page.rows), 'no runs')}`;
}
