// Attack: a pull request commits a project file that is a symlink to something outside the project
// (/proc/self/environ, a file of secrets); `ferry validate` in CI used to print it. Such files are
// refused without being read, and a diagnostic quotes at most a capped window of one line.
import { existsSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { MAX_QUOTED } from '../../compiler/diagnostics/format.ts';
import { copyProject, validateCli, type ProjectCopy } from './project-copy.ts';

const SECRET = 'SECRET=hunter2-9f8e7d';
let project: ProjectCopy | null = null;
afterEach(() => project?.remove());

function setup(): ProjectCopy {
  project = copyProject();
  writeFileSync(path.join(project.outside, 'secrets.env'), `HOME=/home/ci\n${SECRET}\nA: b: c\n`);
  return project;
}

function replaceWithLink(file: string, target: string): void {
  rmSync(file, { force: true });
  symlinkSync(target, file);
}

describe('project files that are symlinks leaving the project', () => {
  it('a mapping linked to a file of secrets is refused and never printed', async () => {
    const p = setup();
    replaceWithLink(path.join(p.root, 'mappings', 'contacts.yaml'), path.join(p.outside, 'secrets.env'));
    for (const json of [false, true]) {
      const { code, output } = await validateCli(p.root, json);
      expect(code).toBe(1);
      expect(output).toContain('FERRY028');
      expect(output).toContain('mappings/contacts.yaml');
      expect(output).not.toContain('hunter2');
    }
  });

  it.runIf(existsSync('/proc/self/environ'))(
    'a mapping linked to /proc/self/environ prints no variable',
    async () => {
      const p = setup();
      process.env['FERRY_TEST_CANARY'] = 'canary-5a4b3c';
      try {
        replaceWithLink(path.join(p.root, 'mappings', 'vehicles.yaml'), '/proc/self/environ');
        const { output } = await validateCli(p.root);
        expect(output).toContain('FERRY028');
        expect(output).not.toContain('canary-5a4b3c');
      } finally {
        delete process.env['FERRY_TEST_CANARY'];
      }
    },
  );

  it('a linked tenant file, tenant-local mapping and metadata snapshot are refused too', async () => {
    const p = setup();
    const tenantDir = path.join(p.root, 'tenants', 'sandbox');
    replaceWithLink(
      path.join(tenantDir, 'metadata', 'campaign', 'profile.json'),
      path.join(p.outside, 'secrets.env'),
    );
    mkdirSync(path.join(tenantDir, 'mappings'));
    symlinkSync(path.join(p.outside, 'secrets.env'), path.join(tenantDir, 'mappings', 'optout.yaml'));
    const first = await validateCli(p.root, true);
    expect(first.output).not.toContain('hunter2');
    expect(first.output).toContain('tenants/sandbox/mappings/optout.yaml');
    rmSync(path.join(tenantDir, 'mappings'), { recursive: true });
    const metadata = await validateCli(p.root, true);
    expect(metadata.output).toMatch(
      /FERRY028[^]*campaign\/profile\.json|campaign\/profile\.json[^]*FERRY028/,
    );
    expect(metadata.output).not.toContain('hunter2');
    replaceWithLink(path.join(tenantDir, 'tenant.yaml'), path.join(p.outside, 'secrets.env'));
    const tenant = await validateCli(p.root);
    expect(tenant.output).toContain('tenants/sandbox/tenant.yaml');
    expect(tenant.output).toContain('FERRY028');
    expect(tenant.output).not.toContain('hunter2');
  });

  it('a symlink that stays inside the project is followed', async () => {
    const p = setup();
    mkdirSync(path.join(p.root, 'shared'));
    const contacts = path.join(p.root, 'mappings', 'contacts.yaml');
    writeFileSync(
      path.join(p.root, 'shared', 'contacts.yaml'),
      await import('node:fs').then((fs) => fs.readFileSync(contacts)),
    );
    replaceWithLink(contacts, path.join('..', 'shared', 'contacts.yaml'));
    const { code, output } = await validateCli(p.root);
    expect(output).not.toContain('FERRY028');
    expect(code).toBe(0);
  });
});

describe('diagnostics quote at most one capped line', () => {
  it('a very long offending line is shown as a window around the position', async () => {
    const p = setup();
    const long = `bogus: ${'x'.repeat(5000)} ${SECRET}`;
    writeFileSync(path.join(p.root, 'mappings', 'vehicles.yaml'), `${long}\nsecond: line ${SECRET}\n`);
    const { output } = await validateCli(p.root);
    expect(output).toContain('mappings/vehicles.yaml:1:');
    expect(output).not.toContain('hunter2');
    for (const line of output.split('\n')) expect(line.length).toBeLessThan(MAX_QUOTED + 40);
  });

  it('control characters in a quoted line cannot drive the terminal', async () => {
    const p = setup();
    writeFileSync(path.join(p.root, 'mappings', 'vehicles.yaml'), 'bogus: "\u001b]0;pwned\u0007"\n');
    const { output } = await validateCli(p.root);
    expect(output).toContain('mappings/vehicles.yaml:1:');
    expect(output.includes('\u001b') || output.includes('\u0007')).toBe(false);
  });
});
