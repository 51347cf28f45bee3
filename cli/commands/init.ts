// `ferry init <dir>`: scaffold a git repository for one real tenant (tenant file, default mappings, CI, next steps).
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Command } from 'commander';
import { createRequire } from 'node:module';
import type { parse as Parse } from 'yaml';
import { PACKAGE_ROOT } from '../../core/package-root.ts';
import { ioOf, setExitCode } from '../context.ts';
import { TENANT_FLAGS } from './tenant-arg.ts';
import { unsafePaths, writePlanned } from './init-write.ts';
import { describeGit, gitInitAndCommit } from './init-git.ts';

/** The ferry package root (holds mappings/, schemas/, docs/, cli/templates/), also when run from build/. */
export { PACKAGE_ROOT };
const TEMPLATES = join(PACKAGE_ROOT, 'cli', 'templates');
const TENANT_NAME = /^[a-z][a-z0-9-]*$/;

export interface InitOptions {
  readonly tenant?: string;
  readonly force?: boolean;
  /** npm dependency spec for ferry in the new package.json (default: see ferrySpec). */
  readonly ferry?: string;
  /** false: do not create a git repository (default: `git init` and a first commit). */
  readonly git?: boolean;
}

export interface InitIo {
  readonly out: (line: string) => void;
  readonly err: (line: string) => void;
}

export interface PlannedFile {
  /** Path relative to the project directory, `/`-separated. */
  readonly path: string;
  readonly content: string;
}

/** `FERRY_<NAME>_<SYSTEM>_SECRET`: the environment variable a scaffolded tenant reads a secret from. */
export function secretEnvName(tenant: string, system: 'dynamics' | 'campaign'): string {
  return `FERRY_${tenant.toUpperCase().replace(/-/g, '_')}_${system.toUpperCase()}_SECRET`;
}

/** Default mappings (contacts, events, opt-out) go to mappings/; custom-entity examples to mappings/examples/. */
export function defaultMappings(root = PACKAGE_ROOT): {
  readonly defaults: PlannedFile[];
  readonly examples: PlannedFile[];
} {
  const dir = join(root, 'mappings');
  const files = existsSync(dir)
    ? readdirSync(dir)
        .filter((f) => /\.ya?ml$/.test(f))
        .sort()
    : [];
  const defaults: PlannedFile[] = [];
  const examples: PlannedFile[] = [];
  // Required here, not imported at the top: only `ferry init` needs it, and every command pays for imports.
  const { parse } = createRequire(import.meta.url)('yaml') as { parse: typeof Parse };
  for (const file of files) {
    const content = readFileSync(join(dir, file), 'utf8');
    const doc = parse(content) as { kind?: unknown; source?: { entity?: unknown } } | null;
    const isDefault =
      doc?.kind === 'events' ||
      doc?.kind === 'optout' ||
      (doc?.kind === 'entity' && doc.source?.entity === 'contact');
    // In a project the schemas live in the installed package, so the editor hint must point there.
    const schema = (up: string) =>
      content.replace('$schema=../schemas/', `$schema=${up}node_modules/ferry/schemas/`);
    if (isDefault) defaults.push({ path: `mappings/${file}`, content: schema('../') });
    else examples.push({ path: `mappings/examples/${file}`, content: schema('../../') });
  }
  return { defaults, examples };
}

/** A tenant lists mappings by file name: `mappings/<name>.yaml`. */
function mappingName(f: PlannedFile): string {
  return basename(f.path).replace(/\.ya?ml$/, '');
}

function fill(template: string, vars: Readonly<Record<string, string>>): string {
  return template.replace(/\{\{(\w+)\}\}/g, (_m, key: string) => vars[key] ?? `{{${key}}}`);
}

function template(name: string): string {
  return readFileSync(join(TEMPLATES, name), 'utf8');
}

function git(root: string, args: string[]): string | null {
  try {
    return (
      execFileSync('git', ['-C', root, ...args], {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore'],
      }).trim() || null
    );
  } catch {
    return null;
  }
}

/**
 * How the new project depends on ferry: a git URL pinned to a commit when ferry runs from a git
 * clone with a remote (a `git+file://` URL of the clone when it has none: this machine only); the spec the enclosing project uses when ferry is installed in node_modules;
 * else a `file:` path (fine for trying things out, replace it before CI).
 */
export function ferrySpec(
  projectDir: string,
  root = PACKAGE_ROOT,
): { readonly spec: string; readonly pinned: boolean } {
  if (existsSync(join(root, '.git'))) {
    const url = git(root, ['config', '--get', 'remote.origin.url']);
    const sha = git(root, ['rev-parse', 'HEAD']);
    // A remote that is a path on this machine (or file://) is as local as no remote at all.
    const local =
      url !== null && (url.startsWith('file:') || !/^[a-z][a-z0-9+.-]*:|^[^@/:]+@[^:/]+:/i.test(url));
    if (url && sha && !local) {
      const scp = /^([^@/:]+@[^:/]+):(.+)$/.exec(url);
      const normal = scp ? `ssh://${scp[1]}/${scp[2]}` : url;
      return { spec: `git+${normal.replace(/^git\+/, '')}#${sha}`, pinned: true };
    }
    // A clone without a remote, or with a local one: npm clones `git+file://` URLs (a bare path after
    // `git+` links nothing).
    if (sha) return { spec: `git+${pathToFileURL(root).href}#${sha}`, pinned: false };
  }
  const parentPkg = join(root, '..', '..', 'package.json');
  if (basename(dirname(root.replace(/[\\/]+$/, ''))) === 'node_modules' && existsSync(parentPkg)) {
    const pkg = JSON.parse(readFileSync(parentPkg, 'utf8')) as { dependencies?: Record<string, string> };
    const spec = pkg.dependencies?.['ferry'];
    if (spec && !spec.startsWith('file:')) return { spec, pinned: true };
  }
  const rel = relative(projectDir, root).replace(/\\/g, '/') || '.';
  return { spec: `file:${rel}`, pinned: false };
}

/** Every file `ferry init` writes, in order. Pure apart from reading ferry's own package. */
export function planProject(dir: string, tenant: string, spec: string): PlannedFile[] {
  const { defaults, examples } = defaultMappings();
  const vars = {
    name: tenant,
    stateName: tenant.replace(/-/g, '_'),
    dynamicsSecretEnv: secretEnvName(tenant, 'dynamics'),
    campaignSecretEnv: secretEnvName(tenant, 'campaign'),
    mappings: defaults.map((f) => `  - ${mappingName(f)}`).join('\n'),
  };
  const project =
    basename(resolve(dir))
      .toLowerCase()
      .replace(/[^a-z0-9-]+/g, '-')
      .replace(/^-+|-+$/g, '') || 'project';
  const pkg = {
    name: `${project}-ferry`,
    private: true,
    type: 'module',
    description: `ferry mappings and tenant configuration (${tenant})`,
    engines: { node: '>=20.18' },
    dependencies: { ferry: spec },
  };
  return [
    { path: `tenants/${tenant}/tenant.yaml`, content: fill(template('tenant.yaml.tmpl'), vars) },
    { path: `tenants/${tenant}/metadata/README.md`, content: fill(template('metadata-README.md'), vars) },
    ...defaults,
    ...examples,
    { path: '.github/workflows/ferry.yml', content: template('ferry.yml') },
    { path: 'package.json', content: `${JSON.stringify(pkg, null, 2)}\n` },
    { path: '.gitignore', content: template('gitignore') },
    {
      path: 'README.md',
      content: fill(template('project-README.md'), { ...vars, steps: nextSteps(tenant, '.').join('\n') }),
    },
  ];
}

/** The numbered steps printed after scaffolding (and kept in the project README). */
export function nextSteps(tenant: string, dir: string): string[] {
  const d = secretEnvName(tenant, 'dynamics');
  const c = secretEnvName(tenant, 'campaign');
  const doc = 'node_modules/ferry/docs/real-tenant-setup.md';
  return [
    `1. ${dir === '.' ? '' : `cd ${dir} && `}npm install   (creates package-lock.json; commit it, CI runs npm ci)`,
    `2. Register an Entra ID app (single tenant, client secret, Dynamics CRM user_impersonation); put its tenant and client ids in tenants/${tenant}/tenant.yaml and export the secret as ${d}. See ${doc} §1.`,
    `3. In Dynamics, create the application user for that app with a least-privilege security role (not System Administrator). §2`,
    `4. Enable change tracking on every synced table; create the four email activity tables with an alternate key on the event-id column. §3-§4`,
    `5. In the Adobe Developer Console, create a project with the Campaign API, I/O Events and I/O Management, an OAuth Server-to-Server credential and a journaling event registration; fill clientId, apiKey, scopes and journalUrl, and export the secret as ${c}. §5`,
    `6. In Campaign, add the identification key and custom filter byExternalId (externalId_parameter) on profiles, the same crmId/byCrmId pattern on each custom resource, and publish (Profiles & Services Ext API included). §6`,
    `7. npx ferry metadata pull --tenant ${tenant}   then commit tenants/${tenant}/metadata/`,
    `8. npx ferry validate --tenant ${tenant}`,
    `9. npx ferry compile --tenant ${tenant}`,
    `10. npx ferry run --tenant ${tenant} --follow`,
  ];
}

/** Scaffold into `dir`; returns the exit code (0 ok, 1 no default mappings, 2 usage: bad name or files in the way). */
export function runInit(dir: string, opts: InitOptions, io: InitIo): number {
  const tenant = opts.tenant ?? 'stage';
  if (!TENANT_NAME.test(tenant)) {
    io.err(
      `ferry init: tenant name "${tenant}" must be lowercase letters, digits and "-", starting with a letter`,
    );
    return 2;
  }
  const target = resolve(dir);
  if (existsSync(target) && !statSync(target).isDirectory()) {
    io.err(`ferry init: ${dir} exists and is not a directory`);
    return 2;
  }
  if (defaultMappings().defaults.length === 0) {
    io.err(
      `ferry init: no default mappings found in ${join(PACKAGE_ROOT, 'mappings')} (broken ferry installation?)`,
    );
    return 1;
  }
  const spec = opts.ferry ? { spec: opts.ferry, pinned: true } : ferrySpec(target);
  const plan = planProject(target, tenant, spec.spec);
  const unsafe = unsafePaths(
    target,
    plan.map((f) => f.path),
  );
  if (unsafe.length > 0) {
    io.err(
      `ferry init: refusing to write through ${unsafe.length} symbolic link(s) or special file(s) in ${dir}:`,
    );
    for (const p of unsafe) io.err(`  ${p}`);
    io.err('Nothing was written. Remove them (even --force does not follow links).');
    return 2;
  }
  // A file that already holds exactly what would be written is not in the way (re-running is harmless).
  const clashes = plan
    .filter(
      (f) => existsSync(join(target, f.path)) && readFileSync(join(target, f.path), 'utf8') !== f.content,
    )
    .map((f) => f.path);
  if (clashes.length > 0 && !opts.force) {
    io.err(`ferry init: refusing to overwrite ${clashes.length} existing file(s) in ${dir}:`);
    for (const p of clashes) io.err(`  ${p}`);
    io.err('Nothing was written. Use --force to overwrite them, or pick another directory or --tenant.');
    return 2;
  }
  for (const f of plan) writePlanned(target, f.path, f.content);
  io.out(
    `Scaffolded ferry project for tenant "${tenant}" in ${dir} (${plan.length} files${clashes.length ? `, ${clashes.length} overwritten` : ''}).`,
  );
  if (opts.git !== false) {
    const paths = plan.map((f) => f.path);
    io.out(describeGit(gitInitAndCommit(target, paths, `ferry init: tenant ${tenant}`)));
  }
  if (!spec.pinned) {
    io.out(
      `Note: package.json depends on ferry as "${spec.spec}" (this machine only). Before pushing, pin it to a git URL and commit,`,
    );
    io.out('      e.g. "git+https://github.com/<owner>/ferry.git#<commit>" (or pass --ferry SPEC).');
  }
  io.out('');
  io.out('Next steps:');
  for (const s of nextSteps(tenant, dir)) io.out(`  ${s}`);
  return 0;
}

export function register(program: Command): void {
  program
    .command('init')
    .description('scaffold a git repository for a real tenant: tenant file, default mappings, CI workflow')
    .argument('<dir>', 'directory to create or fill')
    .option(TENANT_FLAGS, 'tenant name (folder under tenants/)', 'stage')
    .option(
      '--ferry <spec>',
      'npm dependency spec for ferry in package.json (default: this ferry, pinned to its git commit)',
    )
    .option('--force', 'overwrite files that already exist')
    .option('--no-git', 'do not create a git repository with a first commit')
    .action(
      (
        dir: string,
        flags: { tenant: string; ferry?: string; force?: boolean; git: boolean },
        cmd: Command,
      ) => {
        const io = ioOf(cmd);
        const opts: InitOptions = {
          tenant: flags.tenant,
          force: flags.force === true,
          git: flags.git,
          ...(flags.ferry ? { ferry: flags.ferry } : {}),
        };
        setExitCode(cmd, runInit(dir, opts, { out: (l) => io.out(l), err: (l) => io.err(l) }));
      },
    );
}
