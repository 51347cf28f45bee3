// A bundle compiled with --out outside the repository still loads as ES modules.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { compileProject } from '../../compiler/index.ts';
import { loadBundle } from '../../runtime/bundle/load.ts';

const root = path.resolve(import.meta.dirname, '../..');
let out = '';

afterAll(async () => {
  if (out) await rm(out, { recursive: true, force: true });
});

describe('compile --out outside the repository', () => {
  it('writes a package.json marking the bundle as ES modules, and the bundle loads', async () => {
    out = await mkdtemp(path.join(os.tmpdir(), 'ferry-out-'));
    const res = await compileProject({ root, tenant: 'sandbox', out });
    expect(res.files).not.toBeNull();
    expect(JSON.parse(await readFile(path.join(out, 'package.json'), 'utf8'))).toMatchObject({
      type: 'module',
    });
    const loaded = await loadBundle(out);
    expect(loaded.bundle.flows.map((f) => f.name)).toEqual([
      'contacts',
      'vehicles',
      'service-visits',
      'email-events',
      'optout',
    ]);
  });
});
