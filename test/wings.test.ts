// Wing rules: which top-level folders may import which. A forbidden edge fails with file and import.
import path from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
import { importEdges, importsOf, root } from './support/imports.ts';

// Folder -> folders it must never import (eslint.config.js holds the same zones for the editor and CI lint).
const FORBIDDEN: Readonly<Record<string, readonly string[]>> = {
  core: ['compiler', 'runtime', 'emulators', 'cli'],
  runtime: ['compiler', 'emulators', 'cli'],
  compiler: ['emulators', 'cli'],
  emulators: ['core', 'compiler', 'runtime', 'cli'],
};

const wingOf = (file: string): string => file.split('/')[0] ?? '';
const edges = importEdges();

describe('wing rules', () => {
  it.each(Object.keys(FORBIDDEN))('%s/ imports nothing it must not', (wing) => {
    const bad = edges
      .filter((e) => wingOf(e.from) === wing && FORBIDDEN[wing]?.includes(wingOf(e.to)))
      .map((e) => `${e.from} imports ${e.spec}`);
    expect(bad).toEqual([]);
  });

  it('sees every kind of import, so the rule cannot pass by missing them', () => {
    const text =
      "import type { A } from '../compiler/a.ts';\nexport { b } from './b.ts';\nawait import('../cli/c.ts');\nimport './d.ts';";
    expect(importsOf(text)).toEqual(['../compiler/a.ts', './b.ts', '../cli/c.ts', './d.ts']);
  });

  // The lint zones in eslint.config.js hold the same table: lint a probe file for every pair, at two depths.
  it('npm run lint refuses exactly the forbidden imports too', async () => {
    const eslint = new ESLint({ cwd: root });
    const targets = ['core', 'runtime', 'compiler', 'emulators', 'cli'];
    const refused: string[] = [];
    for (const wing of Object.keys(FORBIDDEN))
      for (const target of targets.filter((t) => t !== wing))
        for (const dir of [wing, `${wing}/probe`]) {
          const up = '../'.repeat(dir.split('/').length);
          const code = `import type { X } from '${up}${target}/probe.ts';\nexport type Y = X;\n`;
          const [result] = await eslint.lintText(code, { filePath: path.join(root, dir, 'probe.ts') });
          if (result?.messages.some((m) => m.ruleId === 'no-restricted-imports'))
            refused.push(`${dir} -> ${target}`);
        }
    const expected = Object.entries(FORBIDDEN).flatMap(([wing, banned]) =>
      banned.flatMap((t) => [`${wing} -> ${t}`, `${wing}/probe -> ${t}`]),
    );
    expect(refused.sort()).toEqual(expected.sort());
  });

  it('sees the files of every wing', () => {
    for (const wing of Object.keys(FORBIDDEN)) expect(edges.some((e) => wingOf(e.from) === wing)).toBe(true);
  });
});
