// Maps an offset inside a scalar's *value* to an offset in the YAML source text.
// Exact for plain and quoted single-line scalars and for block scalars; for multi-line plain
// or quoted scalars each folded line break (plus indentation) counts as one value character.
import type { Scalar } from 'yaml';

const isBreak = (c: string | undefined): boolean => c === '\n' || c === '\r';

/** Source offset of the value character at `offset` (clamped to the scalar's extent). */
export function scalarSourceOffset(text: string, node: Scalar, offset: number): number {
  const range = node.range;
  if (!range) return 0;
  const [start, end] = range;
  const target = Math.max(0, offset);
  switch (node.type) {
    case 'BLOCK_LITERAL':
    case 'BLOCK_FOLDED':
      return blockOffset(text, start, end, target);
    case 'QUOTE_DOUBLE':
      return quotedOffset(text, start + 1, end - 1, target, true);
    case 'QUOTE_SINGLE':
      return quotedOffset(text, start + 1, end - 1, target, false);
    default:
      return quotedOffset(text, start, end, target, false);
  }
}

// Walks the source char by char, counting value characters; escapes and folds advance differently.
function quotedOffset(text: string, from: number, to: number, target: number, double: boolean): number {
  let pos = from;
  let produced = 0;
  while (pos < to && produced < target) {
    const c = text[pos];
    if (double && c === '\\') {
      const e = text[pos + 1];
      if (isBreak(e)) {
        pos = skipFold(text, pos + 1, to); // escaped line break produces nothing
        continue;
      }
      pos += e === 'x' ? 4 : e === 'u' ? 6 : e === 'U' ? 10 : 2;
    } else if (!double && c === "'" && text[pos + 1] === "'") {
      pos += 2;
    } else if (isBreak(c)) {
      pos = skipFold(text, pos, to);
    } else {
      pos += 1;
    }
    produced += 1;
  }
  return Math.min(pos, Math.max(from, to));
}

function skipFold(text: string, pos: number, to: number): number {
  let p = pos;
  while (p < to && (isBreak(text[p]) || text[p] === ' ' || text[p] === '\t')) p += 1;
  return p;
}

// Block scalars: value lines are the content lines with the block indentation removed.
function blockOffset(text: string, start: number, end: number, target: number): number {
  const headerEnd = text.indexOf('\n', start);
  if (headerEnd < 0 || headerEnd >= end) return start;
  const lines: { at: number; body: string }[] = [];
  let at = headerEnd + 1;
  while (at < end) {
    let stop = text.indexOf('\n', at);
    if (stop < 0 || stop > end) stop = end;
    lines.push({ at, body: text.slice(at, stop).replace(/\r$/, '') });
    at = stop + 1;
  }
  const first = lines.find((l) => l.body.trim() !== '');
  const indent = first ? first.body.length - first.body.trimStart().length : 0;
  let remaining = target;
  for (const line of lines) {
    const width = Math.max(0, line.body.length - indent);
    if (remaining <= width) return line.at + Math.min(indent, line.body.length) + remaining;
    remaining -= width + 1; // +1 for the line break (a space once folded: same length)
  }
  const last = lines[lines.length - 1];
  return last ? last.at + last.body.length : start;
}
