// Bracket nesting of an expression, measured by a flat scan before the (recursive) TypeScript parser
// runs: 800 `(` or 999 `[` would otherwise overflow the stack instead of giving a diagnostic.

/** Offset of the first opener nested deeper than `limit` (`(`, `[`, `{`, `${`), or null. */
export function tooDeepAt(text: string, limit: number): number | null {
  // Frames: 'b' = bracket or `${` (counts as a level), 't' = inside a template literal's text.
  const stack: ('b' | 't')[] = [];
  let depth = 0;
  const open = (): boolean => {
    stack.push('b');
    depth += 1;
    return depth > limit;
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (stack[stack.length - 1] === 't') {
      if (c === '\\') i += 1;
      else if (c === '`') stack.pop();
      else if (c === '$' && text[i + 1] === '{') {
        if (open()) return i;
        i += 1;
      }
      continue;
    }
    if (c === "'" || c === '"') i = stringEnd(text, i, c);
    else if (c === '`') stack.push('t');
    else if (c === '(' || c === '[' || c === '{') {
      if (open()) return i;
    } else if ((c === ')' || c === ']' || c === '}') && stack[stack.length - 1] === 'b') {
      stack.pop();
      depth -= 1;
    }
  }
  return null;
}

// Index of the closing quote (or the last index when unterminated: the parser reports that).
function stringEnd(text: string, from: number, quote: string): number {
  for (let i = from + 1; i < text.length; i++) {
    if (text[i] === '\\') i += 1;
    else if (text[i] === quote) return i;
  }
  return text.length;
}
