// Nesting depth of a YAML text, measured line by line before the (recursive) YAML parser and
// everything after it runs: block indentation levels, compact `- ` entries and flow `[`/`{` brackets.
import type { Position } from './types.ts';

export const MAX_YAML_DEPTH = 64;

interface ScanState {
  /** Indentation of each open block level, outermost first. */
  readonly indents: number[];
  flow: number;
  quote: '' | "'" | '"';
  /** Indentation of the line that opened a block scalar (`|` or `>`), or -1. */
  blockScalar: number;
}

/** Where nesting first exceeds `limit` (1-based line and column), or null. */
export function yamlTooDeepAt(text: string, limit = MAX_YAML_DEPTH): Position | null {
  const st: ScanState = { indents: [], flow: 0, quote: '', blockScalar: -1 };
  const lines = text.split('\n');
  for (let n = 0; n < lines.length; n++) {
    const line = (lines[n] ?? '').replace(/\r$/, '');
    const indent = line.length - line.replace(/^ +/, '').length;
    const body = line.slice(indent);
    if (st.blockScalar >= 0) {
      if (body === '' || indent > st.blockScalar) continue; // block scalar text: not structure
      st.blockScalar = -1;
    }
    if (body === '' || (body.startsWith('#') && st.quote === '')) continue;
    let col = indent;
    if (st.flow === 0 && st.quote === '') {
      while (st.indents.length > 0 && (st.indents[st.indents.length - 1] ?? 0) >= indent) st.indents.pop();
      st.indents.push(indent);
      // `- - x` and `? x` open one level per indicator on the same line.
      while (/^[-?](?: |$)/.test(line.slice(col))) {
        col += 1;
        while (line[col] === ' ') col += 1;
        st.indents.push(col);
        if (st.indents.length > limit) return { line: n + 1, col: col + 1 };
      }
      if (st.indents.length > limit) return { line: n + 1, col: indent + 1 };
    }
    const at = scanFlow(line, col, st, limit);
    if (at !== null) return { line: n + 1, col: at + 1 };
    if (st.flow === 0 && st.quote === '' && /(?:^|[ :])[|>][-+0-9]*\s*(?:#.*)?$/.test(line.slice(col)))
      st.blockScalar = indent;
  }
  return null;
}

// Flow brackets and quotes on one line; returns the column of an opener past the limit.
function scanFlow(line: string, from: number, st: ScanState, limit: number): number | null {
  for (let i = from; i < line.length; i++) {
    const c = line[i];
    if (st.quote !== '') {
      if (st.quote === '"' && c === '\\') i += 1;
      else if (c === st.quote) {
        if (st.quote === "'" && line[i + 1] === "'") i += 1;
        else st.quote = '';
      }
      continue;
    }
    if (c === '#' && (i === 0 || line[i - 1] === ' ' || line[i - 1] === '\t')) return null; // comment
    if ((c === '"' || c === "'") && quoteCanStart(line, i)) st.quote = c;
    else if (c === '[' || c === '{') {
      st.flow += 1;
      if (st.indents.length + st.flow > limit) return i;
    } else if ((c === ']' || c === '}') && st.flow > 0) st.flow -= 1;
  }
  return null;
}

// A quote opens a scalar only where a scalar starts (`it's` inside plain text is just a character).
const quoteCanStart = (line: string, i: number): boolean => i === 0 || /[\s[{,:-]/.test(line[i - 1] ?? ' ');
