// `ferry init`: files, secret references (never literals), schema-valid tenant file, no overwrite without --force.
import { pathToFileURL } from 'node:url';
import { execFileSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import {
  defaultMappings,
  ferrySpec,
  nextSteps,
  PACKAGE_ROOT,
  runInit,
  secretEnvName,
} from '../../cli/commands/init.ts';
import { SANDBOX } from '../../emulators/sandbox-credentials.ts';
import { main } from '../../cli/main.ts';
import { fillPlaceholders } from '../init/fill.ts';

const tmp = mkdtempSync(join(tmpdir(), 'ferry-init-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (l: string) => out.push(l), err: (l: string) => err.push(l) }, out, err };
}

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? walk(p) : [p];
  });
}

const SPEC = 'git+https://github.com/example/ferry.git#0123456789abcdef0123456789abcdef01234567';

describe('ferry init', () => {
  const dir = join(tmp, 'acme');
  const run = capture();
  const code = runInit(dir, { tenant: 'acme-prod', ferry: SPEC }, run.io);
  const tenantFile = join(dir, 'tenants/acme-prod/tenant.yaml');

  it('exits 0 and writes the project files', () => {
    expect(run.err).toEqual([]);
    expect(code).toBe(0);
    for (const p of [
      'tenants/acme-prod/tenant.yaml',
      'tenants/acme-prod/metadata/README.md',
      '.github/workflows/ferry.yml',
      'package.json',
      '.gitignore',
      'README.md',
    ]) {
      expect(existsSync(join(dir, p)), p).toBe(true);
    }
  });

  it('copies the default mappings from the package, custom-entity examples aside', () => {
    const { defaults, examples } = defaultMappings();
    expect(defaults.map((f) => f.path).sort()).toEqual([
      'mappings/contacts.yaml',
      'mappings/email-events.yaml',
      'mappings/optout.yaml',
    ]);
    expect(examples.length).toBeGreaterThan(0);
    for (const f of [...defaults, ...examples]) {
      const original = readFileSync(join(PACKAGE_ROOT, 'mappings', f.path.split('/').pop() ?? ''), 'utf8');
      const copied = readFileSync(join(dir, f.path), 'utf8');
      // Only the editor's schema hint differs: it points into node_modules/ferry.
      const strip = (s: string) => s.replace(/^# yaml-language-server: .*\n/m, '');
      expect(strip(copied)).toBe(strip(original));
      expect(copied).toMatch(/\$schema=(\.\.\/)+node_modules\/ferry\/schemas\/mapping\.schema\.json/);
    }
  });

  it('writes a tenant file with secret references named after the tenant', () => {
    const t = parse(readFileSync(tenantFile, 'utf8')) as Record<string, Record<string, unknown>>;
    expect(t.name).toBe('acme-prod');
    expect(t.dynamics?.clientSecret).toEqual({ env: 'FERRY_ACME_PROD_DYNAMICS_SECRET' });
    expect(t.campaign?.clientSecret).toEqual({ env: 'FERRY_ACME_PROD_CAMPAIGN_SECRET' });
    expect(secretEnvName('acme-prod', 'campaign')).toBe('FERRY_ACME_PROD_CAMPAIGN_SECRET');
    expect(t.mappings).toEqual(['contacts', 'email-events', 'optout']);
    for (const m of t.mappings as unknown as string[])
      expect(existsSync(join(dir, 'mappings', `${m}.yaml`))).toBe(true);
    // Placeholders are unmistakable.
    expect(t.dynamics?.url).toBe('https://YOUR-ORG.crm.dynamics.com');
    expect(String(t.campaign?.url)).toContain('YOUR-CAMPAIGN-ORG');
  });

  it('validates against schemas/tenant.schema.json (ajv 2020)', () => {
    const schema = JSON.parse(
      readFileSync(join(PACKAGE_ROOT, 'schemas/tenant.schema.json'), 'utf8'),
    ) as object;
    const ajv = new Ajv2020({ allErrors: true, strict: false });
    addFormats.default(ajv);
    const validate = ajv.compile(schema);
    const ok = validate(parse(readFileSync(tenantFile, 'utf8')));
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
    // The same schema rejects a literal secret, so the check above is meaningful.
    const literal = parse(readFileSync(tenantFile, 'utf8')) as { dynamics: Record<string, unknown> };
    literal.dynamics.clientSecret = 'hunter2';
    expect(validate(literal)).toBe(false);
  });

  it('contains no secret literal anywhere', () => {
    const secrets = [SANDBOX.dynamicsClientSecret, SANDBOX.campaignClientSecret];
    for (const file of walk(dir)) {
      const text = readFileSync(file, 'utf8');
      for (const s of secrets) expect(text, relative(dir, file)).not.toContain(s);
      // A secret-ish key is only ever followed by a reference, an expression or nothing.
      for (const m of text.matchAll(/^\s*[\w-]*(?:secret|password|token)\s*:\s*(.+)$/gim)) {
        expect(m[1], `${relative(dir, file)}: ${m[0]}`).toMatch(/^(\{\s*(env|file):|\$\{\{\s*secrets\.|$)/);
      }
    }
  });

  it('pins ferry in package.json and ignores state and bundles', () => {
    const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as {
      dependencies: Record<string, string>;
      private: boolean;
    };
    expect(pkg.dependencies).toEqual({ ferry: SPEC });
    expect(pkg.private).toBe(true);
    const ignore = readFileSync(join(dir, '.gitignore'), 'utf8').split('\n');
    for (const p of ['node_modules/', 'dist/', '.state/', '*.db', '.env']) expect(ignore).toContain(p);
  });

  it('ships the repository workflow byte for byte', () => {
    expect(readFileSync(join(dir, '.github/workflows/ferry.yml'), 'utf8')).toBe(
      readFileSync(join(PACKAGE_ROOT, '.github/workflows/ferry.yml'), 'utf8'),
    );
  });

  it('prints numbered next steps ending in pull, validate, compile, run --follow', () => {
    const steps = run.out.slice(run.out.indexOf('Next steps:') + 1).map((l) => l.trim());
    expect(steps.map((s) => Number(/^(\d+)\./.exec(s)?.[1]))).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    const text = steps.join('\n');
    for (const cmd of [
      'npx ferry metadata pull --tenant acme-prod',
      'npx ferry validate --tenant acme-prod',
      'npx ferry compile --tenant acme-prod',
      'npx ferry run --tenant acme-prod --follow',
    ]) {
      expect(text).toContain(cmd);
    }
    for (const topic of [
      'Entra',
      'application user',
      'OAuth Server-to-Server',
      'byExternalId',
      'alternate key',
      'change tracking',
    ])
      expect(text).toContain(topic);
    expect(readFileSync(join(dir, 'README.md'), 'utf8')).toContain(
      nextSteps('acme-prod', '.')[6] ?? 'missing',
    );
  });

  it('re-running with the same inputs changes nothing and succeeds', () => {
    expect(runInit(dir, { tenant: 'acme-prod', ferry: SPEC }, capture().io)).toBe(0);
  });

  it('refuses to overwrite existing files (exit 2, nothing written) unless --force', () => {
    writeFileSync(tenantFile, 'edited by hand\n');
    const again = capture();
    expect(runInit(dir, { tenant: 'acme-prod', ferry: SPEC }, again.io)).toBe(2);
    expect(again.err.join('\n')).toMatch(/refusing to overwrite .*existing file/);
    expect(again.err.join('\n')).toContain('tenants/acme-prod/tenant.yaml');
    expect(again.err.join('\n')).toContain('--force');
    expect(readFileSync(tenantFile, 'utf8')).toBe('edited by hand\n');

    const forced = capture();
    expect(runInit(dir, { tenant: 'acme-prod', ferry: SPEC, force: true }, forced.io)).toBe(0);
    expect(readFileSync(tenantFile, 'utf8')).toContain('FERRY_ACME_PROD_DYNAMICS_SECRET');
  });

  it('a second tenant in the same directory clashes on the shared files it would change', () => {
    const second = capture();
    expect(runInit(dir, { tenant: 'acme-stage', ferry: SPEC }, second.io)).toBe(2);
    expect(second.err.join('\n')).toContain('package.json');
    expect(existsSync(join(dir, 'tenants/acme-stage'))).toBe(false);
  });

  it('rejects a tenant name the schema would reject (exit 2)', () => {
    const bad = capture();
    const target = join(tmp, 'bad');
    expect(runInit(target, { tenant: 'Acme_Prod' }, bad.io)).toBe(2);
    expect(bad.err.join('\n')).toContain('Acme_Prod');
    expect(existsSync(target)).toBe(false);
  });

  it('defaults the tenant to "stage" and marks an unpinned ferry dependency', () => {
    const r = capture();
    const target = join(tmp, 'defaults');
    expect(runInit(target, {}, r.io)).toBe(0);
    expect(existsSync(join(target, 'tenants/stage/tenant.yaml'))).toBe(true);
    const pkg = JSON.parse(readFileSync(join(target, 'package.json'), 'utf8')) as {
      dependencies: { ferry: string };
    };
    // A clone without a remote gives a git+file:// URL (a copy without .git a file: path); both say to pin it.
    expect(pkg.dependencies.ferry).toMatch(/^(git\+file:\/\/.+#[0-9a-f]{40}|file:.+)$/);
    expect(r.out.join('\n')).toContain('pin it');
  });
});

describe('ferry init through the CLI', () => {
  const lines: string[] = [];
  const io = { out: (t: string) => void lines.push(t), err: (t: string) => void lines.push(t), color: false };
  const dir = join(tmp, 'via-cli');

  it('scaffolds a project that `ferry validate --schema-only` accepts once its placeholders are filled, and that asks for metadata', async () => {
    expect(await main(['init', dir, '-t', 'cli-test', '--ferry', SPEC, '--no-git'], io)).toBe(0);
    lines.length = 0;
    expect(await main(['validate', '--tenant', 'cli-test', '--root', dir, '--schema-only'], io)).toBe(1);
    expect(lines.join('\n')).toContain('FERRY029');
    fillPlaceholders(join(dir, 'tenants/cli-test/tenant.yaml'));
    expect(await main(['validate', '--tenant', 'cli-test', '--root', dir, '--schema-only'], io)).toBe(0);
    lines.length = 0;
    // Without snapshots the full validation fails and points at `ferry metadata pull` (next step 7).
    expect(await main(['validate', '--tenant', 'cli-test', '--root', dir], io)).toBe(1);
    expect(lines.join('\n')).toContain('FERRY190');
    expect(lines.join('\n')).toContain('ferry metadata pull');
  });

  it('validates and compiles the default mappings once metadata snapshots are in place (what CI does next)', async () => {
    // Stand-in for `ferry metadata pull`: the sandbox snapshots describe the same default tables.
    cpSync(join(PACKAGE_ROOT, 'tenants/sandbox/metadata'), join(dir, 'tenants/cli-test/metadata'), {
      recursive: true,
    });
    lines.length = 0;
    expect(await main(['validate', '--tenant', 'cli-test', '--root', dir], io)).toBe(0);
    expect(await main(['compile', '--tenant', 'cli-test', '--root', dir], io)).toBe(0);
    expect(await main(['compile', '--tenant', 'cli-test', '--root', dir, '--check'], io)).toBe(0);
    expect(existsSync(join(dir, 'dist/cli-test/manifest.json'))).toBe(true);
    expect(lines.join('\n')).toContain('3 flow module(s) written');
  }, 30_000);

  it('exits 2 through the CLI when a file is in the way', async () => {
    writeFileSync(join(dir, 'package.json'), '{}\n');
    lines.length = 0;
    expect(await main(['init', dir, '-t', 'cli-test', '--ferry', SPEC, '--no-git'], io)).toBe(2);
    expect(lines.join('\n')).toContain('package.json');
    expect(await main(['init', dir, '-t', 'cli-test', '--ferry', SPEC, '--force', '--no-git'], io)).toBe(0);
  });
});

/** A git repository with one commit, and a git runner inside it. */
function committedRepo(name: string): { repo: string; git: (...args: string[]) => string } {
  const repo = join(tmp, name);
  mkdirSync(repo);
  const git = (...args: string[]) =>
    execFileSync('git', ['-C', repo, '-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], {
      encoding: 'utf8',
    }).trim();
  git('init', '-q');
  writeFileSync(join(repo, 'x'), 'x');
  git('add', 'x');
  git('commit', '-q', '-m', 'x');
  return { repo, git };
}

describe('ferrySpec', () => {
  it('pins a git clone with a remote to its commit', () => {
    const { repo, git } = committedRepo('clone');
    git('remote', 'add', 'origin', 'git@github.com:example/ferry.git');
    const sha = git('rev-parse', 'HEAD');
    expect(ferrySpec(join(tmp, 'p'), repo)).toEqual({
      spec: `git+ssh://git@github.com/example/ferry.git#${sha}`,
      pinned: true,
    });
  });

  it('treats a remote that is a path on this machine like no remote: a git+file:// URL, not pinned', () => {
    const { repo, git } = committedRepo('clone-of-path');
    const sha = git('rev-parse', 'HEAD');
    for (const remote of ['/srv/git/ferry', '../ferry', 'file:///srv/git/ferry']) {
      execFileSync('git', [
        '-C',
        repo,
        'remote',
        remote === '/srv/git/ferry' ? 'add' : 'set-url',
        'origin',
        remote,
      ]);
      expect(ferrySpec(join(tmp, 'p'), repo)).toEqual({
        spec: `git+${pathToFileURL(repo).href}#${sha}`,
        pinned: false,
      });
    }
  });

  it('reuses the enclosing project spec when ferry is installed in node_modules', () => {
    const project = join(tmp, 'host');
    const root = join(project, 'node_modules', 'ferry');
    mkdirSync(root, { recursive: true });
    writeFileSync(
      join(project, 'package.json'),
      JSON.stringify({ dependencies: { ferry: 'github:example/ferry#v1.2.0' } }),
    );
    expect(ferrySpec(join(tmp, 'new'), root)).toEqual({ spec: 'github:example/ferry#v1.2.0', pinned: true });
  });

  it('falls back to an unpinned file: path', () => {
    const root = join(tmp, 'plain-ferry');
    mkdirSync(root);
    expect(ferrySpec(join(tmp, 'proj'), root)).toEqual({ spec: 'file:../plain-ferry', pinned: false });
  });
});
