// Golden diagnostics for broken fixture projects, through the real pipeline (load -> validate -> project).
import { readFile, writeFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { validateProject } from '../../compiler/index.ts';
import { sortDiagnostics } from '../../compiler/diagnostics/format.ts';
import { fixture, view } from './helpers.ts';

const CASES = [
  { project: 'broken-mappings', tenant: 'broken' },
  { project: 'tenant-schema', tenant: 'acme' },
  { project: 'tenant-project', tenant: 'acme' },
] as const;

async function run(project: string, tenant: string) {
  const result = await validateProject({ root: fixture(project), tenant, schemaOnly: true });
  return sortDiagnostics(result.diagnostics).map(view);
}

describe('golden diagnostics', () => {
  for (const { project, tenant } of CASES) {
    it(`${project} matches ${project}.golden.json`, async () => {
      const actual = await run(project, tenant);
      const goldenPath = fixture(`${project}.golden.json`);
      // UPDATE_GOLDEN=1 rewrites the file; review the diff before committing it.
      if (process.env['UPDATE_GOLDEN'] === '1')
        await writeFile(goldenPath, `${JSON.stringify(actual, null, 2)}\n`);
      const golden = JSON.parse(await readFile(goldenPath, 'utf8')) as unknown;
      expect(actual).toEqual(golden);
    });
  }

  it('covers every error class with one diagnostic per broken mapping file', async () => {
    const diags = await run('broken-mappings', 'broken');
    const codeOf = (name: string): string[] =>
      diags.filter((d) => d.file === `mappings/${name}.yaml`).map((d) => d.code);
    expect(codeOf('yaml-syntax')).toEqual(['FERRY001']);
    expect(codeOf('duplicate-key')).toEqual(['FERRY002']);
    expect(codeOf('unknown-key')).toEqual(['FERRY010']);
    expect(codeOf('misspelt-enum')).toEqual(['FERRY013', 'FERRY013']);
    expect(codeOf('missing-required')).toEqual(['FERRY011']);
    expect(codeOf('wrong-type')).toEqual(['FERRY012', 'FERRY012']);
    expect(codeOf('bad-pattern')).toEqual(['FERRY014']);
    expect(codeOf('no-field-source')).toEqual(['FERRY016']);
    expect(codeOf('unknown-event-type')).toEqual(['FERRY017']);
    expect(codeOf('optout-field')).toEqual(['FERRY018', 'FERRY018']);
    expect(codeOf('name-mismatch')).toEqual(['FERRY021']);
    expect(codeOf('unknown-kind')).toEqual(['FERRY013']);
    expect(codeOf('missing-kind')).toEqual(['FERRY011']);
    expect(codeOf('empty-file')).toEqual(['FERRY004']);
    expect(codeOf('out-of-range')).toEqual(['FERRY019']);
    // a misspelt key inside a field: the typo only, not also "needs from/expr/value"
    expect(codeOf('nested-unknown-key')).toEqual(['FERRY010', 'FERRY010']);
  });

  it('points unknown keys at the key and suggests the closest allowed one', async () => {
    const diags = await run('broken-mappings', 'broken');
    expect(diags.find((d) => d.file === 'mappings/unknown-key.yaml')).toMatchObject({
      line: 8,
      col: 1,
      hint: 'did you mean "picklists"?',
    });
    expect(diags.find((d) => d.message.includes('"form"'))).toMatchObject({
      line: 7,
      col: 12,
      hint: 'did you mean "from"?',
    });
    expect(diags.find((d) => d.message.includes('"lable"'))).toMatchObject({
      message: 'must be equal to one of the allowed values: label, value; found "lable"',
      hint: 'did you mean "label"?',
      line: 9,
      col: 12,
    });
  });

  it('reports a literal secret without echoing it', async () => {
    const diags = await run('tenant-schema', 'acme');
    const secret = diags.find((d) => d.code === 'FERRY015');
    expect(secret).toMatchObject({
      line: 7,
      col: 17,
      message: 'secret must be a reference {env: NAME} or {file: PATH}, not a literal',
    });
    expect(JSON.stringify(diags)).not.toContain('hunter2');
  });

  it('reports project-level problems against tenant.yaml entries', async () => {
    const codes = (await run('tenant-project', 'acme')).map((d) => `${d.code}@${d.line}:${d.col}`);
    expect(codes).toEqual([
      'FERRY026@2:7',
      'FERRY020@17:5',
      'FERRY022@19:5',
      'FERRY024@23:5',
      'FERRY023@24:3',
    ]);
  });
});
