// $expand parsing: `Nav`, `Nav($select=a,b)`, comma-separated; nested options are split on `;` (OData 4.0 syntax).
import { ODataSyntaxError } from './lexer.ts';

export interface ExpandItem {
  readonly name: string;
  /** Nested `$select` columns, or undefined when none was given. */
  readonly select?: readonly string[];
  /** Nested options other than `$select` (callers decide whether they support them). */
  readonly other: readonly string[];
  /** Every nested option other than `$select`, name to raw value (e.g. `$top` to `5`). */
  readonly options: Readonly<Record<string, string>>;
}

/** Splits on `sep` at parenthesis depth 0. */
function splitTop(text: string, sep: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === sep && depth === 0) {
      out.push(text.slice(start, i));
      start = i + 1;
    }
    if (depth < 0) throw new ODataSyntaxError(`Syntax error at position ${i} in '${text}'.`);
  }
  if (depth !== 0) throw new ODataSyntaxError(`Syntax error at position ${text.length} in '${text}'.`);
  out.push(text.slice(start));
  return out;
}

export function parseExpand(text: string | null): ExpandItem[] {
  if (text === null || text.trim() === '') return [];
  return splitTop(text, ',').map((part) => {
    const p = part.trim();
    const open = p.indexOf('(');
    if (open < 0) return { name: p, other: [], options: {} };
    if (!p.endsWith(')')) throw new ODataSyntaxError(`Syntax error at position ${p.length} in '${text}'.`);
    const name = p.slice(0, open).trim();
    let select: string[] | undefined;
    const other: string[] = [];
    const options: Record<string, string> = {};
    for (const opt of splitTop(p.slice(open + 1, -1), ';')) {
      const o = opt.trim();
      if (o === '') continue;
      if (o.startsWith('$select='))
        select = o
          .slice('$select='.length)
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean);
      else {
        const eq = o.indexOf('=');
        const key = o.slice(0, Math.max(eq, 0)) || o;
        other.push(key);
        options[key] = eq < 0 ? '' : o.slice(eq + 1);
      }
    }
    return { name, ...(select ? { select } : {}), other, options };
  });
}
