// Tokenizer for OData $filter/$orderby text, with Dataverse's wording for literal errors.
export type TokenKind =
  'ident' | 'string' | 'number' | 'guid' | 'date' | 'lparen' | 'rparen' | 'comma' | 'end';

export interface Token {
  readonly kind: TokenKind;
  readonly text: string;
  /** Decoded value for literals. */
  readonly value?: string | number;
  readonly pos: number;
}

/** Query-syntax error; emulators answer it as 400 with `code` "0x0" like other OData parse errors. */
export class ODataSyntaxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ODataSyntaxError';
  }
}

const GUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}(?![\w-])/;
const DATE = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2}))?(?![\w-])/;
const NUMBER = /^-?\d+(\.\d+)?([eE][+-]?\d+)?[mMdDfFlL]?(?![\w])/;
const IDENT = /^[A-Za-z_@$][\w.@$]*(\/[A-Za-z_][\w.]*)*/;

export function tokenize(text: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i] as string;
    if (c === ' ' || c === '\t' || c === '\r' || c === '\n') {
      i++;
      continue;
    }
    if (c === "'") {
      const start = i;
      let v = '';
      i++;
      for (;;) {
        if (i >= text.length) {
          // Dataverse reports the position where the input ran out (text length), e.g. 21 for 'lastname eq 'O'Bryan''.
          throw new ODataSyntaxError(
            `There is an unterminated literal at position ${text.length} in '${text}'.`,
          );
        }
        const ch = text[i] as string;
        if (ch === "'") {
          if (text[i + 1] === "'") {
            v += "'";
            i += 2;
            continue;
          }
          i++;
          break;
        }
        v += ch;
        i++;
      }
      out.push({ kind: 'string', text: text.slice(start, i), value: v, pos: start });
      continue;
    }
    if (c === '(' || c === ')' || c === ',') {
      out.push({ kind: c === '(' ? 'lparen' : c === ')' ? 'rparen' : 'comma', text: c, pos: i });
      i++;
      continue;
    }
    const rest = text.slice(i);
    const g = GUID.exec(rest);
    if (g) {
      out.push({ kind: 'guid', text: g[0], value: g[0].toLowerCase(), pos: i });
      i += g[0].length;
      continue;
    }
    const d = DATE.exec(rest);
    if (d) {
      out.push({ kind: 'date', text: d[0], value: d[0], pos: i });
      i += d[0].length;
      continue;
    }
    const n = NUMBER.exec(rest);
    if (n) {
      out.push({ kind: 'number', text: n[0], value: Number(n[0].replace(/[mMdDfFlL]$/, '')), pos: i });
      i += n[0].length;
      continue;
    }
    const id = IDENT.exec(rest);
    if (id) {
      out.push({ kind: 'ident', text: id[0], pos: i });
      i += id[0].length;
      continue;
    }
    throw new ODataSyntaxError(`Syntax error: character '${c}' is not valid at position ${i} in '${text}'.`);
  }
  out.push({ kind: 'end', text: '', pos: text.length });
  return out;
}
