// Attacks on names that become bundle files or URL paths: a mapping named `index` (the bundle's own
// module) used to crash the compiler; an EntitySetName edited in a metadata snapshot went into
// Dynamics URL paths unchecked. Both are positioned diagnostics, and the runtime refuses such names.
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { compileProject } from '../../compiler/index.ts';
import { ConfigError } from '../../core/errors.ts';
import { entitySet } from '../../runtime/lib/index.ts';
import { copyProject, type ProjectCopy } from './project-copy.ts';

let project: ProjectCopy | null = null;
afterEach(() => project?.remove());

const edit = (file: string, fn: (text: string) => string): void =>
  writeFileSync(file, fn(readFileSync(file, 'utf8')));

describe('a mapping named like a bundle module', () => {
  it('gets FERRY133 at its name instead of an internal error', async () => {
    project = copyProject();
    const { root } = project;
    const mappings = path.join(root, 'mappings');
    renameSync(path.join(mappings, 'optout.yaml'), path.join(mappings, 'index.yaml'));
    edit(path.join(mappings, 'index.yaml'), (t) => t.replace('name: optout', 'name: index'));
    edit(path.join(root, 'tenants', 'sandbox', 'tenant.yaml'), (t) => t.replace(', optout]', ', index]'));
    const r = await compileProject({ root, tenant: 'sandbox', write: false });
    const line =
      readFileSync(path.join(mappings, 'index.yaml'), 'utf8').split('\n').indexOf('name: index') + 1;
    expect(r.diagnostics.map((d) => `${d.file}:${d.line}:${d.col} ${d.code}`)).toEqual([
      `mappings/index.yaml:${line}:7 FERRY133`,
    ]);
    expect(r.files).toBeNull();
  });
});

describe('EntitySetName from a metadata snapshot', () => {
  for (const bad of [
    'contacts(00000000-0000-0000-0000-000000000000)',
    '..%2Faccounts',
    'contacts?$x=1',
    'con tacts',
  ]) {
    it(`${JSON.stringify(bad)} is refused at the mapping's source table`, async () => {
      project = copyProject();
      const dyn = path.join(project.root, 'tenants', 'sandbox', 'metadata', 'dynamics');
      const xmlSafe = bad.replace(/&/g, '&amp;').replace(/"/g, '&quot;');
      edit(path.join(dyn, 'metadata.xml'), (t) =>
        t.replace('EntitySet Name="contacts"', `EntitySet Name="${xmlSafe}"`),
      );
      edit(path.join(dyn, 'entities', 'contact.json'), (t) =>
        t.replace('"EntitySetName": "contacts"', `"EntitySetName": ${JSON.stringify(bad)}`),
      );
      const r = await compileProject({ root: project.root, tenant: 'sandbox', write: false });
      const sites = r.diagnostics.filter((d) => d.code === 'FERRY134').map((d) => d.file);
      expect(sites).toContain('mappings/contacts.yaml');
      expect(r.files).toBeNull();
    });
  }
});

describe('the runtime refuses entity set names that are not identifiers', () => {
  it('rt.entitySet passes identifiers and throws a ConfigError otherwise', () => {
    expect(entitySet('ferry_emailsends')).toBe('ferry_emailsends');
    for (const bad of ['', 'a/b', 'a(1)', 'a?b', 'a#b', 'a\r\nb', '1abc', 'x'.repeat(129)]) {
      expect(() => entitySet(bad)).toThrow(ConfigError);
    }
  });

  it('compiled flows name their entity sets through it', async () => {
    project = copyProject();
    const r = await compileProject({ root: project.root, tenant: 'sandbox', write: false });
    expect(r.files?.get('contacts.ts')).toContain('rt.entitySet("contacts")');
    expect(r.files?.get('email-events.ts')).toContain('rt.entitySet("contacts")');
    expect(r.files?.get('optout.ts')).toContain('rt.entitySet("contacts")');
  });
});
