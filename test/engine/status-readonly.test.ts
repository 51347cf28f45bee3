// `ferry status` and `ferry dlq list` are read-only: a stale bundle is reported, never recompiled, and
// dist/ stays byte-identical (modification times too).
import {
  appendFileSync,
  cpSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../cli/main.ts';

const root = mkdtempSync(path.join(tmpdir(), 'ferry-status-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
cpSync('mappings', path.join(root, 'mappings'), { recursive: true });
cpSync('tenants/sandbox', path.join(root, 'tenants', 'sandbox'), {
  recursive: true,
  filter: (src) => !src.includes('.state'),
});
const dist = path.join(root, 'dist', 'sandbox');

async function ferry(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main([...args, '--root', root], {
    out: (t) => void (out += `${t}\n`),
    err: (t) => void (err += `${t}\n`),
    color: false,
  });
  return { code, out, err };
}

/** Every file of dist/ with its bytes and modification time. */
const snapshot = (): Record<string, { text: string; mtime: number }> =>
  Object.fromEntries(
    readdirSync(dist)
      .sort()
      .map((f) => {
        const file = path.join(dist, f);
        return [f, { text: readFileSync(file, 'latin1'), mtime: statSync(file).mtimeMs }];
      }),
  );

describe('read-only commands', () => {
  it('status on a fresh bundle exits 0 and says nothing about staleness', async () => {
    expect((await ferry('compile', '--tenant', 'sandbox')).code).toBe(0);
    const r = await ferry('status', '--tenant', 'sandbox', '--log', 'quiet');
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain('contacts (entity)');
    expect(r.err).not.toContain('stale');
  });

  it('status on a stale bundle names the changed input and the fix, exits 1 and leaves dist/ untouched', async () => {
    const before = snapshot();
    appendFileSync(path.join(root, 'mappings', 'contacts.yaml'), '# reviewed\n');
    const r = await ferry('status', '--tenant', 'sandbox', '--log', 'quiet');
    expect(r.code).toBe(1);
    expect(r.out).toContain('contacts (entity)');
    expect(r.err).toContain('warning: the bundle at dist/sandbox is stale');
    expect(r.err).toContain('mappings/contacts.yaml');
    expect(r.err).toContain('ferry compile --tenant sandbox');
    const list = await ferry('dlq', 'list', '--tenant', 'sandbox', '--log', 'quiet');
    expect(list.code, list.err).toBe(0);
    expect(list.err).toContain('is stale');
    expect(snapshot()).toEqual(before);
  });

  it('status without a bundle fails with the fix and creates no dist/', async () => {
    rmSync(path.join(root, 'dist'), { recursive: true, force: true });
    const r = await ferry('status', '--tenant', 'sandbox', '--log', 'quiet');
    expect(r.code).toBe(3);
    expect(r.err).toContain('run ferry compile');
    expect(existsSync(path.join(root, 'dist'))).toBe(false);
  });
});
