// The runtime checks every bundle file against manifest.json (per-file hashes and bundleHash) before
// importing anything, and refuses a tampered bundle naming the file.
import { createHash } from 'node:crypto';
import { appendFileSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadBundle } from '../../runtime/bundle/load.ts';
import { compileSandbox, copyProject } from './project.ts';

let root = '';
let dist = '';
beforeAll(async () => {
  root = copyProject('ferry-verify-');
  dist = path.join(root, 'dist', 'sandbox');
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

const fresh = (): Promise<unknown> => compileSandbox(root);

describe('bundle verification at load', () => {
  it('loads an untouched bundle', async () => {
    await fresh();
    expect((await loadBundle(dist)).bundle.flows).toHaveLength(5);
  });

  it.each(['contacts.js', 'contacts.ts', 'index.js', 'contacts.d.ts'])(
    'refuses a bundle whose %s changed after compile',
    async (file) => {
      await fresh();
      appendFileSync(path.join(dist, file), '\nglobalThis.tampered = true;\n');
      await expect(loadBundle(dist)).rejects.toMatchObject({
        code: 'FERRY_BUNDLE_TAMPERED',
        message: expect.stringContaining(file),
        details: { file },
      });
      expect((globalThis as { tampered?: boolean }).tampered).toBeUndefined();
    },
  );

  it('refuses a bundle with a missing file', async () => {
    await fresh();
    rmSync(path.join(dist, 'optout.js'));
    await expect(loadBundle(dist)).rejects.toMatchObject({
      code: 'FERRY_BUNDLE_TAMPERED',
      message: expect.stringContaining('optout.js is missing'),
    });
  });

  it('refuses an edited manifest: a renamed flow, or a file hash made to match a changed module', async () => {
    const file = path.join(dist, 'manifest.json');
    type M = { flows: { name: string }[]; files: Record<string, string> };
    for (const edit of [
      (m: M) => void ((m.flows[0] as { name: string }).name = 'renamed'),
      (m: M) => {
        const js = `${readFileSync(path.join(dist, 'contacts.js'), 'utf8')}\nglobalThis.tampered = true;\n`;
        writeFileSync(path.join(dist, 'contacts.js'), js);
        m.files['contacts.js'] = createHash('sha256').update(js).digest('hex');
      },
    ]) {
      await fresh();
      const manifest = JSON.parse(readFileSync(file, 'utf8')) as M;
      edit(manifest);
      writeFileSync(file, JSON.stringify(manifest, null, 2));
      await expect(loadBundle(dist)).rejects.toMatchObject({
        code: 'FERRY_BUNDLE_TAMPERED',
        message: expect.stringContaining('manifest.json'),
        details: { file: 'manifest.json' },
      });
    }
    expect((globalThis as { tampered?: boolean }).tampered).toBeUndefined();
  });

  it('refuses a manifest without file hashes (an older compiler) with a hint to recompile', async () => {
    await fresh();
    const file = path.join(dist, 'manifest.json');
    const { files: _files, ...old } = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    writeFileSync(file, JSON.stringify(old, null, 2));
    await expect(loadBundle(dist)).rejects.toMatchObject({
      code: 'FERRY_BUNDLE_INVALID',
      message: expect.stringContaining('recompile'),
    });
  });
});
