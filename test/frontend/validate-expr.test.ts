// `ferry validate` runs the whole front end: expression errors are reported without compiling.
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../cli/main.ts';
import type { Diagnostic } from '../../compiler/diagnostics/diagnostic.ts';

const repo = path.resolve(import.meta.dirname, '../..');
let root = '';

afterAll(async () => {
  if (root) await rm(root, { recursive: true, force: true });
});

describe('ferry validate and expressions', () => {
  it('reports a forbidden expression at its line:col inside the YAML string', async () => {
    root = await mkdtemp(path.join(os.tmpdir(), 'ferry-validate-'));
    for (const dir of ['mappings', 'tenants/sandbox', 'schemas'])
      await cp(path.join(repo, dir), path.join(root, dir), { recursive: true });
    const file = path.join(root, 'mappings/contacts.yaml');
    const text = await readFile(file, 'utf8');
    const broken = text.replace("expr: 'lower(trim(emailaddress1))'", "expr: 'emailaddress1.toLowerCase()'");
    expect(broken).not.toBe(text);
    await writeFile(file, broken);

    let out = '';
    const code = await main(['validate', '--tenant', 'sandbox', '--root', root, '--json'], {
      out: (t) => void (out += t),
      err: () => undefined,
      color: false,
    });
    expect(code).toBe(1);
    const diags = JSON.parse(out) as Diagnostic[];
    const lineNo = broken.split('\n').findIndex((l) => l.includes('emailaddress1.toLowerCase()')) + 1;
    const col = (broken.split('\n')[lineNo - 1] ?? '').indexOf('emailaddress1.toLowerCase()') + 1;
    const d = diags.find((x) => x.code.startsWith('FERRY2'));
    expect(d).toMatchObject({ file: 'mappings/contacts.yaml', line: lineNo, severity: 'error' });
    expect(d?.col).toBeGreaterThanOrEqual(col);
  });
});
