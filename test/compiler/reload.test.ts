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

  it('the same under plain node with the built runtime (a --follow process)', async () => {
    await compileSandbox(root);
    const load = pathToFileURL(path.join(REPO, 'build', 'runtime', 'bundle', 'load.js')).href;
    const compiler = pathToFileURL(path.join(REPO, 'build', 'compiler', 'index.js')).href;
    const script = `
      import { readFileSync, writeFileSync } from 'node:fs';
      const { loadBundle } = await import('${load}');
      const { compileProject } = await import('${compiler}');
      const email = async () => (await loadBundle('dist/sandbox')).bundle.flows[0].transform(${JSON.stringify(ROW)}).email;
      const before = await email();
      const file = 'mappings/contacts.yaml';
      writeFileSync(file, readFileSync(file, 'utf8').replace(${JSON.stringify(LOWER)}, ${JSON.stringify(UPPER)}));
      await compileProject({ root: process.cwd(), tenant: 'sandbox' });
      console.log(JSON.stringify([before, await email()]));`;
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
      cwd: root,
      encoding: 'utf8',
    });
    expect(JSON.parse(out)).toEqual(['ann@example.com', 'ANN@EXAMPLE.COM']);
  });
});
