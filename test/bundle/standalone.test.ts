// The bundle is an artifact: its bytes do not depend on where ferry or the project lives, and it runs
// under plain node (no tsx, no loader flags) against the built library, in a project that depends on
// ferry and through the built runtime's loader in this repository. Uses build/ (test/setup/build.ts).
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { compileSandbox, copyProject, REPO, ROW } from './project.ts';

const roots: string[] = [];
afterAll(() => {
  for (const r of roots) rmSync(r, { recursive: true, force: true });
});
const project = (prefix: string): string => {
  const root = copyProject(prefix);
  roots.push(root);
  return root;
};

/** Runs an ES module script under plain `node` in `cwd`; returns its stdout. */
const node = (script: string, cwd: string): string =>
  execFileSync(process.execPath, ['--input-type=module', '-e', script], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, NODE_OPTIONS: '' },
  });

const TRANSFORM = `console.log(JSON.stringify(b.flows[0].transform(${JSON.stringify(ROW)})));`;
const EXPECTED = { email: 'ann@example.com', firstName: 'Ann', lastName: 'Lee' };

describe('a standalone bundle', () => {
  it('has the same bytes whichever folder the project and its dist are in', async () => {
    const a = project('ferry-path-a-');
    const b = project('ferry-path-b-');
    const inA = await compileSandbox(a);
    const inB = await compileSandbox(b, path.join(b, 'deeper', 'out', 'folder'));
    expect([...inB]).toEqual([...inA]);
    for (const [name, text] of inA) expect(text, name).not.toContain('runtime/lib');
  });

  it('runs under plain node in a project that depends on ferry (node_modules/ferry)', async () => {
    const root = project('ferry-dep-');
    mkdirSync(path.join(root, 'node_modules'));
    symlinkSync(REPO, path.join(root, 'node_modules', 'ferry'), 'dir');
    await compileSandbox(root);
    const out = node(`const { default: b } = await import('./dist/sandbox/index.js'); ${TRANSFORM}`, root);
    expect(JSON.parse(out)).toMatchObject(EXPECTED);
  });

  it('runs under plain node through the built runtime loader (ferry/runtime is its own library)', async () => {
    const root = project('ferry-built-');
    await compileSandbox(root);
    const load = pathToFileURL(path.join(REPO, 'build', 'runtime', 'bundle', 'load.js')).href;
    const out = node(
      `const { loadBundle } = await import('${load}');
       const { bundle: b } = await loadBundle('dist/sandbox'); ${TRANSFORM}`,
      root,
    );
    expect(JSON.parse(out)).toMatchObject(EXPECTED);
  });
});
