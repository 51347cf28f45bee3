// Splits a Web API resource path into segments and parses key predicates (`(guid)`, `(k='v',n=1)`).
import { ODataSyntaxError } from './lexer.ts';

export type KeyValue = string | number | boolean;

export type KeyPredicate =
  | { readonly kind: 'id'; readonly id: string }
  | { readonly kind: 'alt'; readonly values: Readonly<Record<string, KeyValue>> };

export interface Segment {
  readonly name: string;
  /** Raw text between the parentheses, if any. */
  readonly key?: string;
}

const GUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
export const isGuid = (s: string): boolean => GUID.test(s);

/** Splits on `/` outside quotes and parentheses. */
export function splitPath(path: string): Segment[] {
  const raw: string[] = [];
  let cur = '';
  let quoted = false;
  let depth = 0;
  for (let i = 0; i < path.length; i++) {
    const ch = path[i] as string;
    if (ch === "'") quoted = !quoted;
    else if (!quoted && ch === '(') depth++;
    else if (!quoted && ch === ')') depth--;
    if (ch === '/' && !quoted && depth === 0) {
      raw.push(cur);
      cur = '';
    } else cur += ch;
  }
  raw.push(cur);
  return raw
    .filter((s) => s !== '')
    .map((s) => {
      const open = s.indexOf('(');
      if (open < 0 || !s.endsWith(')')) return { name: s };
      return { name: s.slice(0, open), key: s.slice(open + 1, -1) };
    });
}

/** Parses a key predicate body; throws ODataSyntaxError when malformed. */
export function parseKey(text: string): KeyPredicate {
  const t = text.trim();
  if (isGuid(t)) return { kind: 'id', id: t.toLowerCase() };
  const values: Record<string, KeyValue> = {};
  let i = 0;
  while (i < t.length) {
    const eq = t.indexOf('=', i);
    if (eq < 0) throw new ODataSyntaxError(`Bad Request - Error in query syntax.`);
    const name = t.slice(i, eq).trim();
    i = eq + 1;
    let v: KeyValue;
    if (t[i] === "'") {
      let s = '';
      i++;
      for (;;) {
        if (i >= t.length)
          throw new ODataSyntaxError(`There is an unterminated literal at position ${t.length} in '${t}'.`);
        if (t[i] === "'") {
          if (t[i + 1] === "'") {
            s += "'";
            i += 2;
            continue;
          }
          i++;
          break;
        }
        s += t[i];
        i++;
      }
      v = s;
    } else {
      const end = t.indexOf(',', i);
      const lit = t.slice(i, end < 0 ? t.length : end).trim();
      i = end < 0 ? t.length : end;
      if (lit === 'true' || lit === 'false') v = lit === 'true';
      else if (isGuid(lit)) v = lit.toLowerCase();
      else if (lit !== '' && !Number.isNaN(Number(lit))) v = Number(lit);
      else throw new ODataSyntaxError(`Bad Request - Error in query syntax.`);
    }
    values[name] = v;
    while (t[i] === ' ') i++;
    if (t[i] === ',') i++;
    else if (i < t.length) throw new ODataSyntaxError(`Bad Request - Error in query syntax.`);
  }
  return { kind: 'alt', values };
}

/** Formats a key predicate value back into URL form. */
export function formatKey(values: Readonly<Record<string, KeyValue>>): string {
  return Object.entries(values)
    .map(([k, v]) => `${k}=${typeof v === 'string' && !isGuid(v) ? `'${v.replace(/'/g, "''")}'` : String(v)}`)
    .join(',');
}
