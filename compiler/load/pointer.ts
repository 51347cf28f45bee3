// Walks a yaml AST along a JSON pointer (RFC 6901) and returns the deepest nodes reached.
import { isAlias, isMap, isPair, isScalar, isSeq } from 'yaml';
import type { Document, Node, Scalar } from 'yaml';

export interface Step {
  /** Key node of the map entry (absent for sequence items and the root). */
  readonly key: Node | null;
  /** Value node, aliases resolved (null for `key:` with no value). */
  readonly value: Node | null;
  /** The node as written (an alias stays an alias): where positions point. */
  readonly written: Node | null;
}

export interface Walk {
  /** Root first; the last step is the deepest node found. */
  readonly steps: readonly Step[];
  /** True when every segment of the pointer was found. */
  readonly complete: boolean;
}

/** Splits a JSON pointer into unescaped segments ('' = whole document). */
export function parsePointer(pointer: string): string[] {
  if (pointer === '') return [];
  const body = pointer.startsWith('/') ? pointer.slice(1) : pointer;
  return body.split('/').map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** Escapes one segment for a JSON pointer. */
export const escapeSegment = (segment: string): string => segment.replace(/~/g, '~0').replace(/\//g, '~1');

export const joinPointer = (base: string, segment: string | number): string =>
  `${base}/${escapeSegment(String(segment))}`;

// Aliases are followed (bounded, so a cyclic document cannot loop) so pointers into merged data still land somewhere.
function deref(doc: Document, node: unknown): Node | null {
  let current = node;
  for (let i = 0; i < 32 && isAlias(current); i++) {
    try {
      current = current.resolve(doc);
    } catch {
      return null;
    }
  }
  return (current ?? null) as Node | null;
}

const keyText = (key: unknown): string | null => {
  if (key === null || key === undefined) return '';
  if (isScalar(key)) return String((key as Scalar).value);
  return null;
};

export function walk(doc: Document, pointer: string): Walk {
  const steps: Step[] = [
    { key: null, value: deref(doc, doc.contents), written: (doc.contents ?? null) as Node | null },
  ];
  for (const segment of parsePointer(pointer)) {
    const parent = steps[steps.length - 1]?.value ?? null;
    let next: Step | null = null;
    if (isMap(parent)) {
      for (const item of parent.items) {
        if (isPair(item) && keyText(item.key) === segment)
          next = { key: item.key as Node, value: deref(doc, item.value), written: item.value as Node | null };
      }
    } else if (isSeq(parent) && /^(0|[1-9][0-9]*)$/.test(segment)) {
      const item = parent.items[Number(segment)];
      const node = (isPair(item) ? item.value : item) as Node | null | undefined;
      if (node !== undefined) next = { key: null, value: deref(doc, node), written: node };
    }
    if (next === null) return { steps, complete: false };
    steps.push(next);
  }
  return { steps, complete: true };
}
