// Every value on the page goes through one escaping helper: hostile record ids, reasons and notes stay text.
import { describe, expect, it } from 'vitest';
import { esc, html, layout } from '../../cli/serve/page/html.ts';
import { letterRows } from '../../cli/serve/page/views/letters.ts';
import type { ViewCtx } from '../../cli/serve/page/types.ts';
import type { LetterRow } from '../../runtime/read/index.ts';

const HOSTILE = `<script>alert("x")</script>' onmouseover='x' "><img src=x>&amp;`;

const ctx = (session: ViewCtx['session']): ViewCtx => ({
  base: '',
  adminEnabled: true,
  session,
  url: new URL('http://127.0.0.1/t/x/letters'),
});
const letter: LetterRow = {
  id: 7,
  flow: HOSTILE,
  sourceId: HOSTILE,
  reason: HOSTILE,
  attempts: 2,
  createdAt: HOSTILE,
  lastAttemptAt: HOSTILE,
  code: HOSTILE,
  discarded: null,
  nextRetryAt: null,
};

describe('html escaping', () => {
  it('esc turns every markup character into an entity', () => {
    expect(esc(`<a href="x" title='y'>&</a>`)).toBe(
      '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;',
    );
  });

  it('html escapes interpolations (arrays too) but not nested html', () => {
    const out = html`<p title="${HOSTILE}">${[HOSTILE, html`<b>${HOSTILE}</b>`]}</p>`.text;
    expect(out).not.toMatch(/<script|<img|' onmouseover/);
    expect(out).toContain('<b>&lt;script&gt;');
    expect(out.match(/"/g)).toHaveLength(2); // only the template's own attribute quotes
  });

  it('a dead-letter row with hostile values (and a hostile CSRF token) renders as text', () => {
    const text = layout(
      HOSTILE,
      html``,
      html`${letterRows(ctx({ actor: HOSTILE, csrf: HOSTILE }), { name: HOSTILE, state: {} as never, flows: [] }, [letter])}`,
    ).text;
    expect(text).not.toMatch(/<script>|<img |' onmouseover='/);
    expect(text).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    // The trace link's query is URL-encoded before being escaped.
    expect(text).toContain(`/trace?id=${esc(encodeURIComponent(HOSTILE))}`);
  });
});
