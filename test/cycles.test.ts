// No import cycles, between files or between folders. Every relative import counts (static, type-only,
// re-export, dynamic): a type-only cycle still ties two modules so that neither can be read alone.
//
// Folder = the first two path segments: `runtime/engine` holds runtime/engine/**, while a file at the top
// of a wing (`runtime/contract.ts`, `cli/run-output.ts`) is a node of its own. A folder-level cycle is a
// loop of imports through two or more different folders (A -> B -> A, or longer); imports inside one
// folder never make one. Files: every `.ts` file git lists (committed or new, not ignored).
import { describe, expect, it } from 'vitest';
import { cycles, graphOf } from './support/graph.ts';
import { importEdges, sourceFiles } from './support/imports.ts';

// Cycles that exist today inside the compiler's IR/expression/emit stages, which are being restructured
// (IR as plain data, expression code generation into emit/). The list may only shrink: a new cycle fails,
// a cycle that grew fails, and an entry that no longer matches exactly must be updated or removed.
const KNOWN_FILE_CYCLES: readonly (readonly string[])[] = [];
const KNOWN_FOLDER_CYCLES: readonly (readonly string[])[] = [];

const folderOf = (file: string): string => file.split('/').slice(0, 2).join('/');
const files = sourceFiles();
const edges = importEdges(files);

const fileCycles = cycles(
  graphOf(
    edges.map((e) => [e.from, e.to] as const),
    new Set(files),
  ),
);
const folderCycles = cycles(
  graphOf(
    edges.map((e) => [folderOf(e.from), folderOf(e.to)] as const).filter(([a, b]) => a !== b),
    new Set(files.map(folderOf)),
  ),
);

const key = (c: readonly string[]): string => c.join(' -> ');
/** Cycles not covered by a known one, and known ones that no longer match a cycle exactly. */
function ratchet(found: readonly string[][], known: readonly (readonly string[])[]) {
  return {
    unknown: found.filter((c) => !known.some((k) => c.every((n) => k.includes(n)))).map(key),
    stale: known.filter((k) => !found.some((c) => key(c) === key(k))).map(key),
  };
}

describe('import cycles', () => {
  it('none between files, beyond the known ones', () => {
    expect(ratchet(fileCycles, KNOWN_FILE_CYCLES)).toEqual({ unknown: [], stale: [] });
  });

  it('none between folders, beyond the known ones', () => {
    expect(ratchet(folderCycles, KNOWN_FOLDER_CYCLES)).toEqual({ unknown: [], stale: [] });
  });

  it('finds a cycle when there is one, and only then', () => {
    const g = graphOf(
      [
        ['a', 'b'],
        ['b', 'c'],
        ['c', 'a'],
        ['c', 'd'],
        ['e', 'e'],
      ],
      new Set(['a', 'b', 'c', 'd', 'e']),
    );
    expect(cycles(g)).toEqual([['a', 'b', 'c'], ['e']]);
    expect(
      cycles(
        graphOf(
          [
            ['a', 'b'],
            ['b', 'c'],
          ],
          new Set(['a', 'b', 'c']),
        ),
      ),
    ).toEqual([]);
  });

  it('reads the whole tree', () => {
    for (const folder of [
      'core/metadata',
      'runtime/engine',
      'compiler/emit',
      'emulators/dynamics',
      'cli/commands',
    ])
      expect(files.some((f) => folderOf(f) === folder)).toBe(true);
  });
});
