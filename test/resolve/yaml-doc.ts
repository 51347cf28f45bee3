// Test-only LoadedYaml over the `yaml` package (the real loader lives in compiler/load/).
import { readFileSync } from 'node:fs';
import { LineCounter, isMap, isScalar, isSeq, parseDocument, type Node } from 'yaml';
import type { LoadedYaml, Position } from '../../compiler/load/types.ts';
import type { Mapping } from '../../compiler/model/mapping.ts';

const segments = (pointer: string): string[] =>
  pointer === '' ? [] : pointer.slice(1).split('/').map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));

export function testDoc(file: string, text: string): LoadedYaml {
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc });
  const at = (offset: number): Position => {
    const p = lc.linePos(offset);
    return { line: p.line, col: p.col };
  };
  const walk = (pointer: string): { value: Node | null; key: Node | null } => {
    let value: Node | null = doc.contents as Node | null;
    let key: Node | null = null;
    for (const seg of segments(pointer)) {
      if (isMap(value)) {
        const pair = value.items.find((p) => isScalar(p.key) && String(p.key.value) === seg);
        if (!pair) break;
        key = pair.key as Node;
        value = pair.value as Node | null;
      } else if (isSeq(value)) {
        const item = value.items[Number(seg)] as Node | undefined;
        if (!item) break;
        key = null;
        value = item;
      } else break;
    }
    return { value, key };
  };
  return {
    file,
    text,
    value: doc.toJS() as unknown,
    position(pointer, opts) {
      const { value, key } = walk(pointer);
      const node = opts?.key && key ? key : (value ?? key);
      return node?.range ? at(node.range[0]) : { line: 1, col: 1 };
    },
    positionInScalar(pointer, offset) {
      const { value } = walk(pointer);
      return value?.range ? at(value.range[0] + offset) : { line: 1, col: 1 };
    },
  };
}

export const loadMappingFile = (file: string, label = file): { doc: LoadedYaml; value: Mapping } => {
  const doc = testDoc(label, readFileSync(file, 'utf8'));
  return { doc, value: doc.value as Mapping };
};
