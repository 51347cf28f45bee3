// Finds duplicate map keys ourselves (instead of yaml's `uniqueKeys` error) to report the key's
// pointer and where it was first defined.
import { isMap, isPair, isScalar, isSeq } from 'yaml';
import type { LineCounter, Node } from 'yaml';
import { joinPointer } from './pointer.ts';

export interface DuplicateKey {
  readonly pointer: string;
  readonly key: string;
  readonly offset: number;
  readonly firstLine: number;
}

export function findDuplicateKeys(root: unknown, lines: LineCounter): DuplicateKey[] {
  const found: DuplicateKey[] = [];
  const seen = new Set<unknown>();
  const visit = (node: unknown, pointer: string, depth: number): void => {
    if (depth > 200 || seen.has(node)) return; // deep or shared nodes: stop, never recurse unbounded
    seen.add(node);
    if (isMap(node)) {
      const first = new Map<string, number>();
      for (const item of node.items) {
        if (!isPair(item)) continue;
        const key = isScalar(item.key) ? String(item.key.value) : null;
        const offset = (item.key as Node | null)?.range?.[0] ?? 0;
        if (key !== null) {
          const prior = first.get(key);
          if (prior === undefined) first.set(key, offset);
          else
            found.push({
              pointer: joinPointer(pointer, key),
              key,
              offset,
              firstLine: lines.linePos(prior).line,
            });
        }
        visit(item.value, key === null ? pointer : joinPointer(pointer, key), depth + 1);
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, i) => visit(item, joinPointer(pointer, i), depth + 1));
    }
  };
  visit(root, '', 0);
  return found;
}
