// README.md: every command of its ```sh blocks runs for real, in README order, against a temp copy of the project.
import { spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../../cli/commands/init.ts';
import { SANDBOX } from '../../emulators/sandbox-credentials.ts';
import type { SandboxInfo } from '../../emulators/sandbox/index.ts';
import { words } from './cli-surface.ts';
import {
  ferry,
  firstLine,
  pointTenantAt,
  readmeCommands,
  spawnFerry,
  tempProject,
} from './readme-project.ts';
import type { Result } from './readme-project.ts';

const README = readFileSync(join(PACKAGE_ROOT, 'README.md'), 'utf8');
const LINES = readmeCommands(README);
const pkg = JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as {
  version: string;
  scripts: Record<string, string>;
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};

// Small seed so the sandbox workflow takes seconds; it still holds the hostile records (bad emails, orphans).
const SANDBOX_CONTACTS = '60';
const { base, project } = tempProject();
// Secrets are absent until `ferry sandbox` has printed them: validate and compile need none (CI has none).
const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
delete env['FERRY_SANDBOX_DYNAMICS_SECRET'];
delete env['FERRY_SANDBOX_CAMPAIGN_SECRET'];
let sandbox: ChildProcess | null = null;

afterAll(() => {
  if (sandbox !== null && sandbox.exitCode === null) sandbox.kill('SIGKILL');
  rmSync(base, { recursive: true, force: true });
});

type RunJson = { ok: boolean; flows: { flow: string; outcome: string; counts: Record<string, number> }[] };
const lastJson = <T>(stdout: string): T => JSON.parse(stdout.slice(stdout.search(/^[{[]/m))) as T;
/** Dead letters the sandbox seed provokes on purpose: invalid emails rejected by Campaign, children whose parent was rejected. */
const HOSTILE = /Invalid email address|parent-missing/;
/** The same dead letters as counted: by stable code only (record values stay in the dead-letter row). */
const HOSTILE_CODE = /^deadLettered:(FERRY_CAMPAIGN_REJECTED|FERRY_PARENT_MISSING)$/;

interface Expectation {
  /** Exit code the behaviour implies. */
  readonly code: number;
  readonly check?: (r: Result) => void;
}

/** `ferry …` argv (joined) -> what it must do; a ferry line not listed here must exit 0. */
const EXPECT: Record<string, Expectation> = {
  'validate --tenant sandbox': {
    code: 0,
    check: (r) => expect(r.stdout).toMatch(/^tenant sandbox: 5 mappings valid/m),
  },
  'compile --tenant sandbox': {
    code: 0,
    check: (r) => {
      expect(r.stdout).toMatch(/^tenant sandbox: 5 flow module\(s\) written to dist\/sandbox/m);
      expect(existsSync(join(project, 'dist', 'sandbox', 'manifest.json'))).toBe(true);
    },
  },
  'compile --tenant sandbox --check': {
    code: 0,
    check: (r) => expect(r.stdout).toMatch(/bundle at dist\/sandbox is up to date/),
  },
  // Exit 1: the seed's hostile records are dead-lettered (README: "1 some records were dead-lettered"); every flow ran.
  'run --tenant sandbox --once': {
    code: 1,
    check: (r) => {
      const report = lastJson<RunJson>(r.stdout);
      expect(report.flows.map((f) => `${f.flow}:${f.outcome}`)).toEqual([
        'contacts:ok',
        'vehicles:ok',
        'service-visits:ok',
        'email-events:ok',
        'optout:ok',
      ]);
      const contacts = report.flows[0]?.counts ?? {};
      expect(contacts['created']).toBeGreaterThan(0);
      const dead = report.flows.flatMap((f) =>
        Object.keys(f.counts).filter((k) => k.startsWith('deadLettered:')),
      );
      expect(dead.length).toBeGreaterThan(0);
      for (const reason of dead) expect(reason).toMatch(HOSTILE_CODE);
      expect(existsSync(join(project, 'tenants', 'sandbox', '.state', 'sandbox.db'))).toBe(true);
    },
  },
  // A dry run right after a full run: every flow planned, nothing left to write.
  'plan --tenant sandbox': {
    code: 0,
    check: (r) => {
      const heads = [...r.stdout.matchAll(/^([a-z-]+) \((?:entity|events|optout)\): /gm)].map((m) => m[1]);
      expect(heads).toEqual(['contacts', 'vehicles', 'service-visits', 'email-events', 'optout']);
      const counts = r.stdout.split('\n').filter((l) => l.trimStart().startsWith('create '));
      expect(counts).toHaveLength(5);
      for (const c of counts) expect(c).toMatch(/create 0 · update 0 · delete 0 /);
    },
  },
  // Exit 1: the invalid emails need attention, and status exits 1 on those so monitors can alert (docs/operating.md).
  'status --tenant sandbox': {
    code: 1,
    check: (r) => {
      expect(r.stdout).toMatch(
        /^contacts \(entity\): [A-Z]+ {2}backlog [1-9]\d* {2}dead letters [1-9]\d* \(retrying \d+, needs attention [1-9]/m,
      );
      expect(r.stdout).toMatch(
        /^optout \(optout\): [A-Z]+ {2}backlog 0 {2}dead letters 0 \(retrying 0, needs attention 0\)$/m,
      );
    },
  },
  'dlq list --tenant sandbox': {
    code: 0,
    check: (r) => {
      const [header, ...rows] = r.stdout.split('\n').filter((l) => l.includes('\t'));
      expect(header).toMatch(/^ID\tFLOW\tSOURCE ID\t/);
      expect(rows.length).toBeGreaterThan(0);
      for (const row of rows) expect(row).toMatch(HOSTILE);
      expect(r.stdout).toMatch(new RegExp(`^${rows.length} dead letters?$`, 'm'));
    },
  },
  // Exit 1: replaying contacts re-sends the invalid emails, which Campaign rejects again.
  'replay --tenant sandbox --flow contacts': {
    code: 1,
    check: (r) => expect(lastJson<RunJson>(r.stdout).flows.map((f) => f.flow)).toEqual(['contacts']),
  },
  'init ../acme-ferry --tenant stage': {
    code: 0,
    check: () => {
      for (const f of [
        'package.json',
        'tenants/stage/tenant.yaml',
        'mappings/contacts.yaml',
        '.github/workflows/ferry.yml',
      ]) {
        expect(existsSync(join(base, 'acme-ferry', f)), f).toBe(true);
      }
    },
  },
};

function explain(line: string, r: Result): string {
  return `README line \`${line}\` exited ${r.code ?? r.signal}\n--- stdout\n${r.stdout.slice(-3000)}\n--- stderr\n${r.stderr.slice(-3000)}`;
}

async function runFerryLine(line: string, args: string[]): Promise<void> {
  if (args[0] === 'sandbox') return startSandbox(line, args);
  const want = EXPECT[args.join(' ')] ?? { code: 0 };
  const r = await ferry(args, project, env, 600_000); // hang guard only: waits for the command to exit
  expect(r.code, explain(line, r)).toBe(want.code);
  want.check?.(r);
}

/** `ferry sandbox` serves until Ctrl-C: a child on free ports (--port-base 0) whose URLs the temp tenant.yaml then uses. */
async function startSandbox(line: string, args: string[]): Promise<void> {
  sandbox = spawnFerry([...args, '--json', '--port-base', '0', '--contacts', SANDBOX_CONTACTS], project, env);
  const info = JSON.parse(await firstLine(sandbox, 15_000)) as SandboxInfo;
  // The README says the run's secrets are printed by `ferry sandbox`: they are the fixed sandbox ones.
  expect([info.dynamics.clientSecret, info.campaign.clientSecret], line).toEqual([
    SANDBOX.dynamicsClientSecret,
    SANDBOX.campaignClientSecret,
  ]);
  pointTenantAt(project, info);
  env['FERRY_SANDBOX_DYNAMICS_SECRET'] = SANDBOX.dynamicsClientSecret;
  env['FERRY_SANDBOX_CAMPAIGN_SECRET'] = SANDBOX.campaignClientSecret;
}

async function runNpmLine(line: string, args: string[]): Promise<void> {
  const [cmd, script] = args[0] === 'run' ? ['run', args[1]] : [args[0], args[0]];
  if (cmd === 'ci') {
    // Not re-run inside a test: npm ci needs a lock file that matches package.json exactly.
    const lock = JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package-lock.json'), 'utf8')) as {
      packages: Record<
        string,
        { dependencies?: Record<string, string>; devDependencies?: Record<string, string> }
      >;
    };
    expect(lock.packages['']?.dependencies, line).toEqual(pkg.dependencies);
    expect(lock.packages['']?.devDependencies, line).toEqual(pkg.devDependencies);
    return;
  }
  expect(
    pkg.scripts[script ?? ''],
    `README runs \`${line}\` but package.json has no "${script}" script`,
  ).toBeDefined();
  if (script === 'test') {
    // The whole suite is not re-run inside itself; it must be vitest, which runs this very file.
    expect(pkg.scripts['test']).toBe('vitest run');
  } else if (script === 'start') {
    // `npm start` is `ferry start`; test/start/start.test.ts checks its report in depth. Here: the real entry, small seed, in the temp copy.
    expect(pkg.scripts['start']).toBe('node bin/ferry.js start');
    const r = await ferry(['start', '--contacts', '200'], project, env, 25_000);
    expect(r.code, explain(line, r)).toBe(0);
    expect(r.stdout).toMatch(/^verified: Dynamics and Campaign hold what the mappings say/m);
  }
}

/** Which runner a README line goes through; null: none yet (the line's test fails and says so). */
function runnerOf(line: string): 'ferry' | 'npm' | null {
  const w = words(line);
  if (w[0] === 'npx' && w[1] === 'ferry') return 'ferry';
  return w[0] === 'npm' ? 'npm' : null;
}

describe('README.md commands', () => {
  it('are found in the ```sh blocks', () => {
    expect(LINES.length).toBeGreaterThanOrEqual(13);
    expect(LINES.slice(0, 3)).toEqual(['npm ci', 'npm start', 'npm test']);
  });

  it('the extractor splits && and strips comments, and only ferry and npm lines have a runner', () => {
    const md =
      '```sh\nnpm ci && npm start  # go\n\nnpx ferry status --tenant a\n```\n\n```yaml\nnpx ferry run\n```\n';
    expect(readmeCommands(md)).toEqual(['npm ci', 'npm start', 'npx ferry status --tenant a']);
    expect(['npx ferry frobnicate', 'npm run x', 'curl http://x', 'ferry run'].map(runnerOf)).toEqual([
      'ferry',
      'npm',
      null,
      null,
    ]);
  });

  it("`npx ferry` in the repo runs this package's bin (offline: never a registry package of the same name)", () => {
    // The lines below run `node bin/ferry.js` in a temp copy: that is what `npx ferry` resolves to here.
    const r = spawnSync('npx', ['--offline', 'ferry', '--version'], {
      cwd: PACKAGE_ROOT,
      encoding: 'utf8',
      timeout: 600_000,
    });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout.trim()).toBe(pkg.version);
  });

  for (const line of LINES) {
    it(`runs: ${line}`, async () => {
      const w = words(line);
      const runner = runnerOf(line);
      if (runner === 'ferry') return runFerryLine(line, w.slice(2));
      if (runner === 'npm') return runNpmLine(line, w.slice(1));
      expect.fail(
        `README.md shows \`${line}\`, which test/docs/readme-commands.test.ts does not know how to run: wire it in there`,
      );
    }, 30_000);
  }

  it('every expectation matches a README command (none is stale)', () => {
    const shown = new Set(LINES.map((l) => words(l).slice(2).join(' ')));
    expect(Object.keys(EXPECT).filter((k) => !shown.has(k))).toEqual([]);
  });

  it('ferry sandbox stops on Ctrl-C with exit code 0', async () => {
    const child = sandbox;
    expect(child, 'README no longer starts `npx ferry sandbox`').not.toBeNull();
    if (child === null) return;
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    child.kill('SIGINT');
    expect(await exited).toBe(0);
  });
});
