// A long-running runtime that sees a recompiled bundle runs the new code: loadBundle imports every
// module of the bundle under a URL that changes with the bundle, in vitest and under plain node.
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import type { EntityFlow } from '../../runtime/contract.ts';
import { loadBundle } from '../../runtime/bundle/load.ts';
import { compileSandbox, copyProject, editMapping, REPO, ROW } from '../bundle/project.ts';

const root = copyProject('ferry-reload-');
const dist = path.join(root, 'dist', 'sandbox');
afterAll(() => rmSync(root, { recursive: true, force: true }));

// tsx by absolute URL: the child runs in a temp project without node_modules.
const TSX = pathToFileURL(path.join(REPO, 'node_modules', 'tsx', 'dist', 'loader.mjs')).href;
const LOWER = "expr: 'lower(trim(emailaddress1))'";
const UPPER = "expr: 'upper(trim(emailaddress1))'";
const email = async (): Promise<unknown> =>
  ((await loadBundle(dist)).bundle.flows[0] as EntityFlow).transform(ROW)['email'];

describe('bundle reload', () => {
  it('a recompiled bundle loaded again in the same process runs the new code', async () => {
    await compileSandbox(root);
    expect(await email()).toBe('ann@example.com');
    editMapping(root, 'contacts.yaml', LOWER, UPPER);
    await compileSandbox(root);
    expect(await email()).toBe('ANN@EXAMPLE.COM');
    editMapping(root, 'contacts.yaml', UPPER, LOWER);
  });

  // Built: plain node with build/. tsx: the sources, where tsx would prefer contacts.ts to contacts.js.
  it.each([
    ['plain node, built runtime', [], 'build', '.js'],
    ['tsx, runtime sources', ['--import', TSX], '.', '.ts'],
  ] as const)(
    'the same in a child process (%s), as a --follow process sees it',
    async (_name, flags, dir, ext) => {
      await compileSandbox(root);
      const load = pathToFileURL(path.join(REPO, dir, 'runtime', 'bundle', `load${ext}`)).href;
      const compiler = pathToFileURL(path.join(REPO, dir, 'compiler', `index${ext}`)).href;
      const script = `
      import { readFileSync, writeFileSync } from 'node:fs';
      const { loadBundle } = await import('${load}');
      const { compileProject } = await import('${compiler}');
      const email = async () => (await loadBundle('dist/sandbox')).bundle.flows[0].transform(${JSON.stringify(ROW)}).email;
      const before = await email();
      const file = 'mappings/contacts.yaml';
      writeFileSync(file, readFileSync(file, 'utf8').replace(${JSON.stringify(LOWER)}, ${JSON.stringify(UPPER)}));
      await compileProject({ root: process.cwd(), tenant: 'sandbox' });
      const after = await email();
      writeFileSync(file, readFileSync(file, 'utf8').replace(${JSON.stringify(UPPER)}, ${JSON.stringify(LOWER)}));
      console.log(JSON.stringify([before, after]));`;
      const out = execFileSync(process.execPath, [...flags, '--input-type=module', '-e', script], {
        cwd: root,
        encoding: 'utf8',
      });
      expect(JSON.parse(out)).toEqual(['ann@example.com', 'ANN@EXAMPLE.COM']);
    },
  );
});
