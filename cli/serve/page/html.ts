// HTML built by one tagged template: every interpolated value goes through esc() unless it is already Html.
import { createHash } from 'node:crypto';

/** Markup that is already safe (built by `html`); anything else interpolated is escaped. */
export class Html {
  constructor(readonly text: string) {}
  toString(): string {
    return this.text;
  }
}

const ENTITIES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** The one escaping helper: text and attribute values (always double-quoted in templates). */
export const esc = (v: unknown): string => String(v).replace(/[&<>"']/g, (c) => ENTITIES[c] ?? c);

function render(v: unknown): string {
  if (v instanceof Html) return v.text;
  if (Array.isArray(v)) return v.map(render).join('');
  if (v === null || v === undefined || v === false) return '';
  return esc(v);
}

export function html(strings: TemplateStringsArray, ...values: unknown[]): Html {
  let out = strings[0] ?? '';
  values.forEach((v, i) => {
    out += render(v) + (strings[i + 1] ?? '');
  });
  return new Html(out);
}

const CSS = `body{font:14px/1.4 system-ui,sans-serif;margin:0;color:#1b1f24}
header{background:#1b3a57;color:#fff;padding:.6em 1em;display:flex;gap:1.2em;align-items:center;flex-wrap:wrap}
header a{color:#fff}main{padding:1em}table{border-collapse:collapse;margin:.5em 0 1.2em;width:100%}
th,td{border-bottom:1px solid #d0d7de;padding:.25em .5em;text-align:left;vertical-align:top}
th{background:#f3f5f7}.num{text-align:right;font-variant-numeric:tabular-nums}
.bad{color:#b42318;font-weight:600}.ok{color:#067647}.muted{color:#57606a}
form.inline{display:inline}input,select,button{font:inherit}.note{background:#fff8e6;padding:.5em;border:1px solid #f0c36d}
code{font-size:12px;word-break:break-all}`;

/** CSP hash of the one inline style block: no other style, script, image or frame can load. */
const STYLE_HASH = createHash('sha256').update(CSS).digest('base64');
export const CSP = [
  "default-src 'none'",
  `style-src 'sha256-${STYLE_HASH}'`,
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
].join('; ');

// Built outside the template: the hash must cover exactly the bytes between the tags, whatever formats templates.
const STYLE = new Html(`<style>${CSS}</style>`);

export function layout(title: string, nav: Html, body: Html): Html {
  return html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width,initial-scale=1" />
        <title>${title} · ferry</title>
        ${STYLE}
      </head>
      <body>
        <header><strong>ferry</strong>${nav}</header>
        <main>
          <h1>${title}</h1>
          ${body}
        </main>
      </body>
    </html>`;
}
