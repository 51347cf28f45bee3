// Attack: deep nesting inside the length limits (800 `(`, 999 `[` in an expression; a YAML file
// nested hundreds of levels) used to overflow the stack, lose every other diagnostic and exit with
// no position. Each must give one positioned diagnostic with a stable code, checked before parsing.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { validateProject } from '../../compiler/index.ts';
import { copyProject, type ProjectCopy } from './project-copy.ts';

let project: ProjectCopy | null = null;
afterEach(() => project?.remove());

function withMapping(name: string, edit: (text: string) => string): string {
  project = copyProject();
  const file = path.join(project.root, 'mappings', `${name}.yaml`);
  writeFileSync(file, edit(readFileSync(file, 'utf8')));
  return project.root;
}

const codesAt = (r: Awaited<ReturnType<typeof validateProject>>) =>
  r.diagnostics.map((d) => `${d.file}:${d.line}:${d.col} ${d.code}`);

describe('deep nesting gives positioned diagnostics', () => {
  for (const [what, text, col] of [
    ['800 (', `${'('.repeat(800)}firstname${')'.repeat(800)}`, 41],
    ['999 [', '['.repeat(999), 41],
    ['nested templates', '`${'.repeat(600), 122],
  ] as const) {
    it(`${what} in an expression, and the other expressions are still checked`, async () => {
      const root = withMapping('contacts', (t) =>
        t
          .replace("expr: 'lower(trim(emailaddress1))'", `expr: '${text}'`)
          .replace("expr: 'left(telephone1, 32)'", "expr: 'left(nosuchcolumn, 32)'"),
      );
      const r = await validateProject({ root, tenant: 'sandbox' });
      // Line 9: `  email: { from: emailaddress1, expr: '` is 39 characters before the expression (col is 1-based inside it).
      expect(codesAt(r)).toContain(`mappings/contacts.yaml:9:${39 + col} FERRY217`);
      expect(codesAt(r).some((d) => d.endsWith('FERRY205'))).toBe(true); // the unknown column elsewhere
    });
  }

  it('a filter nested too deeply', async () => {
    const root = withMapping('contacts', (t) =>
      t.replace("all: ['emailaddress1 != null']", `all: ['${'('.repeat(900)}']`),
    );
    const r = await validateProject({ root, tenant: 'sandbox' });
    expect(r.diagnostics.map((d) => d.code)).toEqual(['FERRY217']);
  });

  for (const [what, body] of [
    ['flow sequences', `x: ${'['.repeat(5000)}${']'.repeat(5000)}\n`],
    ['flow maps', `x: ${'{a: '.repeat(3000)}1${'}'.repeat(3000)}\n`],
    ['block maps', `${Array.from({ length: 2000 }, (_, i) => `${' '.repeat(i)}k:`).join('\n')} 1\n`],
    ['block sequences', `x:\n${Array.from({ length: 2000 }, (_, i) => `${' '.repeat(i)}-`).join('\n')} 1\n`],
  ] as const) {
    it(`YAML ${what}: FERRY005 at the level past the limit, other files still reported`, async () => {
      const root = withMapping('vehicles', () => `version: 1\n${body}`);
      writeFileSync(
        path.join(root, 'mappings', 'optout.yaml'),
        readFileSync(path.join(root, 'mappings', 'optout.yaml'), 'utf8').replace(
          'kind: optout',
          'kind: optout\nbogus: 1',
        ),
      );
      const r = await validateProject({ root, tenant: 'sandbox' });
      const deep = r.diagnostics.filter((d) => d.code === 'FERRY005');
      expect(deep).toHaveLength(1);
      expect(deep[0]?.file).toBe('mappings/vehicles.yaml');
      expect(deep[0]?.line).toBeGreaterThan(1);
      expect(r.diagnostics.some((d) => d.file === 'mappings/optout.yaml' && d.code === 'FERRY010')).toBe(
        true,
      );
    });
  }
});
