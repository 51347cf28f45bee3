// `ferry validate` refuses the YOUR-… values `ferry init` scaffolds: one error per value, on the
// placeholder's own line and column, with a hint saying where the real value comes from.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runInit } from '../../cli/commands/init.ts';
import { validateProject } from '../../compiler/index.ts';
import { fillPlaceholders } from './fill.ts';

const tmp = mkdtempSync(join(tmpdir(), 'ferry-placeholders-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const quiet = { out: () => undefined, err: () => undefined };
const SPEC = 'git+https://github.com/example/ferry.git#0123456789abcdef0123456789abcdef01234567';

describe('placeholders left in the tenant file', () => {
  const dir = join(tmp, 'p');
  expect(runInit(dir, { tenant: 'acme', ferry: SPEC, git: false }, quiet)).toBe(0);
  const file = join(dir, 'tenants/acme/tenant.yaml');
  const text = readFileSync(file, 'utf8');
  const lines = text.split('\n');

  it('are each an error at the placeholder, with a hint', async () => {
    const r = await validateProject({ root: dir, tenant: 'acme', schemaOnly: true });
    const found = r.diagnostics.filter((d) => d.code === 'FERRY029');
    // One per scaffolded value: Dynamics url, tenant id, client id; Campaign url, client id, api key, journal URL.
    expect(found.map((d) => d.pointer)).toEqual([
      '/dynamics/url',
      '/dynamics/tenantId',
      '/dynamics/clientId',
      '/campaign/url',
      '/campaign/clientId',
      '/campaign/apiKey',
      '/campaign/journalUrl',
    ]);
    for (const d of found) {
      expect(d.severity).toBe('error');
      const placeholder = /YOUR-[A-Z0-9-]+/.exec(d.message)?.[0] ?? 'none';
      // line/col are 1-based and point at the first letter of the placeholder inside the value.
      expect(lines[d.line - 1]?.slice(d.col - 1), d.pointer).toMatch(new RegExp(`^${placeholder}`));
      expect(d.hint).toContain('real-tenant-setup.md');
    }
    expect(r.diagnostics.filter((d) => d.code !== 'FERRY029')).toEqual([]);
  });

  it('a placeholder anywhere (a comment does not count) is refused; filled values pass', async () => {
    writeFileSync(file, `${text.replace('description: ', 'description: YOUR-TEAM ')}# YOUR-NOTE\n`);
    const again = await validateProject({ root: dir, tenant: 'acme', schemaOnly: true });
    const pointers = again.diagnostics.filter((d) => d.code === 'FERRY029').map((d) => d.pointer);
    expect(pointers).toContain('/description');
    expect(pointers).toHaveLength(8);
    writeFileSync(file, text);
    fillPlaceholders(file);
    const filled = await validateProject({ root: dir, tenant: 'acme', schemaOnly: true });
    expect(filled.diagnostics).toEqual([]);
  });
});
