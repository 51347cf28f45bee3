// The SQLite state of a scaffolded tenant survives releases: the deploy step in the workflow links each
// release's tenants/<t>/.state to one shared folder, and the tenant's default relative path goes through it.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { PACKAGE_ROOT, runInit } from '../../cli/commands/init.ts';
import { openStateStore } from '../../runtime/state/index.ts';

const tmp = mkdtempSync(join(tmpdir(), 'ferry-state-layout-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const SPEC = 'git+https://github.com/example/ferry.git#0123456789abcdef0123456789abcdef01234567';
const quiet = { out: () => undefined, err: () => undefined };

/** The link step the workflow runs on the host; the runner expands its variables before ssh sends it. */
function deployScript(deployDir: string, tenant: string): string {
  const workflow = readFileSync(join(PACKAGE_ROOT, 'cli/templates/ferry.yml'), 'utf8');
  const line = workflow.split('\n').find((l) => l.includes("ln -sfn '$DEPLOY_DIR/state'"));
  expect(line, 'the deploy step links the state folder').toBeDefined();
  return (line ?? '')
    .trim()
    .replace(/^&&\s*/, '')
    .replace(/\s*\\$/, '')
    .replaceAll('$DEPLOY_DIR', deployDir)
    .replaceAll('$TENANT', tenant);
}

describe('state location across releases', () => {
  const deployDir = join(tmp, 'srv', 'acme');
  const tenantDir = (release: string) => join(deployDir, 'releases', release, 'tenants', 'acme');

  /** A release as the workflow ships it: the scaffolded project, then the link step in that release. */
  function release(name: string): string {
    const dir = join(deployDir, 'releases', name);
    expect(runInit(dir, { tenant: 'acme', ferry: SPEC, git: false }, quiet)).toBe(0);
    execFileSync('sh', ['-c', deployScript(deployDir, 'acme')], { cwd: dir });
    return tenantDir(name);
  }

  it('keeps what one release wrote for the next one, in a folder outside every release', async () => {
    const first = release('aaa');
    const state = (parse(readFileSync(join(first, 'tenant.yaml'), 'utf8')) as { state: string }).state;
    expect(state).toBe('sqlite:.state/acme.db');
    const a = await openStateStore(state, first);
    const runId = await a.startRun('contacts', 'incremental');
    await a.close();

    const second = release('bbb');
    const b = await openStateStore(state, second);
    const runs = await b.listRuns('contacts', 10);
    await b.close();
    expect(runs.map((r) => r.id)).toEqual([runId]);
    // The database lives in the shared folder, owner-only, and a release can be deleted without losing it.
    expect(statSync(join(deployDir, 'state', 'acme.db')).isFile()).toBe(true);
    expect(statSync(join(deployDir, 'state')).mode & 0o777).toBe(0o700);
    rmSync(join(deployDir, 'releases', 'aaa'), { recursive: true });
    expect(statSync(join(deployDir, 'state', 'acme.db')).isFile()).toBe(true);
  });

  it('without the link step a release would start empty (why the step exists)', async () => {
    const dir = join(tmp, 'unlinked', 'tenants', 'acme');
    mkdirSync(dir, { recursive: true });
    const s = await openStateStore('sqlite:.state/acme.db', dir);
    expect(await s.listRuns('contacts', 10)).toEqual([]);
    await s.close();
    symlinkSync(join(deployDir, 'state'), join(tmp, 'linked'));
    const t = await openStateStore(`sqlite:${join(tmp, 'linked', 'acme.db')}`, dir);
    expect(await t.listRuns('contacts', 10)).toHaveLength(1);
    await t.close();
  });
});
