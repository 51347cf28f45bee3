// .github/workflows/ferry.yml: the CI steps exist as ferry commands, bundles are checked and shipped, no secret literal.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { PACKAGE_ROOT } from '../../cli/commands/init.ts';
import { SANDBOX } from '../../emulators/sandbox-credentials.ts';
import { buildProgram, checkArgs, ferryArgs } from './cli-surface.ts';

interface Step {
  readonly name?: string;
  readonly uses?: string;
  readonly run?: string;
  readonly with?: Record<string, unknown>;
  readonly env?: Record<string, string>;
}
interface Job {
  readonly needs?: string | string[];
  readonly if?: string;
  readonly steps: Step[];
  readonly strategy?: { matrix: Record<string, unknown> };
  readonly env?: Record<string, string>;
  readonly services?: Record<string, { env?: Record<string, string> }>;
}
interface Workflow {
  readonly on: Record<string, unknown>;
  readonly jobs: Record<string, Job>;
}

const text = readFileSync(join(PACKAGE_ROOT, '.github/workflows/ferry.yml'), 'utf8');
const wf = parse(text) as Workflow;
const job = (name: string): Job => {
  const j = wf.jobs[name];
  if (!j) throw new Error(`job ${name} missing`);
  return j;
};
const runs = (j: Job): string[] =>
  j.steps.flatMap((s) =>
    s.run
      ? s.run
          .split('\n')
          .map((l) => l.trim())
          .filter(Boolean)
      : [],
  );
const ferryLines = Object.values(wf.jobs)
  .flatMap(runs)
  .filter((l) => ferryArgs(l) !== null);

describe('.github/workflows/ferry.yml', () => {
  it('is the template ferry init ships', () => {
    expect(readFileSync(join(PACKAGE_ROOT, 'cli/templates/ferry.yml'), 'utf8')).toBe(text);
  });

  it('runs on push, pull request and manual dispatch with a tenant input', () => {
    expect(Object.keys(wf.on).sort()).toEqual(['pull_request', 'push', 'workflow_dispatch']);
    expect(JSON.stringify(wf.on['workflow_dispatch'])).toContain('"tenant"');
  });

  it('uses Node 20 and npm ci everywhere it installs', () => {
    for (const [name, j] of Object.entries(wf.jobs)) {
      const node = j.steps.find((s) => s.uses?.startsWith('actions/setup-node@'));
      if (!node) continue;
      expect(node.with?.['node-version'], name).toBe(20);
      expect(
        runs(j).some((l) => l.startsWith('npm ci')),
        name,
      ).toBe(true);
    }
  });

  it('type-checks, lints and tests', () => {
    const lines = runs(job('check'));
    for (const script of ['npm run typecheck', 'npm run lint', 'npm run test'])
      expect(lines.some((l) => l.startsWith(script))).toBe(true);
  });

  it('validates, compiles and re-checks every tenant, then uploads its bundle', () => {
    const c = job('compile');
    expect(c.needs).toBe('tenants');
    expect(JSON.stringify(c.strategy?.matrix)).toContain('needs.tenants.outputs.list');
    const lines = runs(c).map((l) => ferryArgs(l)?.join(' ') ?? l);
    const at = (prefix: string) => lines.findIndex((l) => l.startsWith(prefix));
    const validate = at('validate --tenant $TENANT');
    const compile = at('compile --tenant $TENANT --out dist/$TENANT');
    const check = at('compile --tenant $TENANT --check --out dist/$TENANT');
    expect([validate, compile, check].every((i) => i >= 0)).toBe(true);
    expect(validate < compile && compile < check).toBe(true);
    const upload = c.steps.find((s) => s.uses?.startsWith('actions/upload-artifact@'));
    expect(upload?.with?.['path']).toBe('dist/${{ matrix.tenant }}');
    expect(upload?.with?.['if-no-files-found']).toBe('error');
    // The tenant list comes from the folders that hold a tenant.yaml.
    expect(runs(job('tenants')).join('\n')).toContain('-name tenant.yaml');
  });

  it('deploys on manual dispatch only, from the artifact this run compiled, after checking it', () => {
    const d = job('deploy');
    expect(d.if).toBe("github.event_name == 'workflow_dispatch'");
    expect(d.needs).toEqual(['check', 'compile']);
    const download = d.steps.find((s) => s.uses?.startsWith('actions/download-artifact@'));
    const upload = job('compile').steps.find((s) => s.uses?.startsWith('actions/upload-artifact@'));
    expect(String(download?.with?.['name']).replace('inputs.tenant', 'T')).toBe(
      String(upload?.with?.['name']).replace('matrix.tenant', 'T'),
    );
    expect(
      runs(d).some((l) => ferryArgs(l)?.join(' ') === 'compile --tenant $TENANT --check --out dist/$TENANT'),
    ).toBe(true);
  });

  it('only calls ferry commands and options that exist', () => {
    const program = buildProgram();
    expect(ferryLines.length).toBeGreaterThanOrEqual(4);
    for (const line of ferryLines) {
      expect(checkArgs(program, ferryArgs(line) ?? []).problems, line).toEqual([]);
    }
  });

  it('never contains a literal secret', () => {
    for (const s of [SANDBOX.dynamicsClientSecret, SANDBOX.campaignClientSecret])
      expect(text).not.toContain(s);
    // Every env value that looks secret comes from ${{ secrets.* }}; the test database has no password.
    const envs = Object.values(wf.jobs).flatMap((j) => [
      j.env ?? {},
      ...j.steps.map((s) => s.env ?? {}),
      ...Object.values(j.services ?? {}).map((s) => s.env ?? {}),
    ]);
    for (const env of envs) {
      for (const [k, v] of Object.entries(env)) {
        if (/SECRET|PASSWORD|TOKEN|KEY/i.test(k))
          expect(v, k).toMatch(/^\$\{\{\s*secrets\.[A-Z0-9_]+\s*\}\}$/);
        expect(String(v), k).not.toMatch(/:\/\/[^/@\s]+:[^/@\s]+@/);
      }
    }
    expect(text).not.toMatch(/(password|secret|token)\s*[:=]\s*['"]?[A-Za-z0-9+/_-]{8,}/i);
    // Inputs reach shell scripts through env, never spliced into the script (injection).
    for (const j of Object.values(wf.jobs))
      for (const s of j.steps)
        expect(s.run ?? '', s.name ?? '').not.toMatch(/\$\{\{\s*(inputs|github\.event)\./);
  });
});
