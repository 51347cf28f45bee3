// Real `ferry run --follow` worker processes against emulators owned by the test process and a PostgreSQL
// database of their own (created from FERRY_TEST_POSTGRES_URL, dropped after).
import { spawn, type ChildProcess } from 'node:child_process';
import { cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type pg from 'pg';
import { compileProject } from '../../compiler/index.ts';
import type { SandboxInfo } from '../../emulators/sandbox/index.ts';
import { ROOT } from '../engine/integration/setup.ts';

export { createDatabase, PG_URL } from '../state/pg-database.ts';

/** A project root with one tenant (`w`, contacts only) pointing at the emulators; compiled. */
export async function workerProject(info: SandboxInfo, stateUrl: string): Promise<string> {
  const root = await mkdtemp(path.join(tmpdir(), 'ferry-workers-'));
  const tenantDir = path.join(root, 'tenants', 'w');
  await mkdir(tenantDir, { recursive: true });
  // Copies, not links: ferry refuses project files whose real path leaves the project.
  await cp(path.join(ROOT, 'mappings'), path.join(root, 'mappings'), { recursive: true });
  await cp(path.join(ROOT, 'tenants', 'sandbox', 'metadata'), path.join(tenantDir, 'metadata'), {
    recursive: true,
  });
  await cp(path.join(ROOT, 'schemas'), path.join(root, 'schemas'), { recursive: true });
  const tenant = {
    version: 1,
    name: 'w',
    dynamics: {
      url: info.dynamics.url,
      tenantId: info.dynamics.tenantId,
      clientId: info.dynamics.clientId,
      clientSecret: { env: 'FERRY_SANDBOX_DYNAMICS_SECRET' },
      tokenUrl: info.dynamics.tokenUrl,
    },
    campaign: {
      url: info.campaign.url,
      imsTokenUrl: info.campaign.imsTokenUrl,
      clientId: info.campaign.clientId,
      apiKey: info.campaign.apiKey,
      clientSecret: { env: 'FERRY_SANDBOX_CAMPAIGN_SECRET' },
      scopes: info.campaign.scope.split(','),
      // Tests are not licence-bound: lift the pacing so a pass takes seconds.
      callsPerSecond: 2000,
      concurrency: 8,
    },
    mappings: ['contacts'],
    state: stateUrl,
  };
  // JSON is YAML: no serializer needed.
  await writeFile(path.join(tenantDir, 'tenant.yaml'), JSON.stringify(tenant, null, 2));
  const r = await compileProject({ root, tenant: 'w' });
  const errors = r.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0 || r.files === null)
    throw new Error(`worker tenant does not compile: ${errors.map((d) => d.message).join('; ')}`);
  return root;
}

export const removeProject = (root: string): Promise<void> => rm(root, { recursive: true, force: true });

export interface Worker {
  readonly proc: ChildProcess;
  readonly pid: number;
  /** FERRY_WORKER_ID when fixed. */
  readonly id: string | undefined;
  out: string;
  err: string;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** `ferry run --follow` as a child process (the real CLI, through bin/ferry.js). */
export function startWorker(
  root: string,
  info: SandboxInfo,
  env: Readonly<Record<string, string>>,
  interval: string,
): Worker {
  return spawnWorker(root, info, env, ['run', '--follow', '--interval', interval]);
}

/** `ferry serve` as a child process; its HTTP port is picked by the system (logged as `url`). */
export function startServeWorker(
  root: string,
  info: SandboxInfo,
  env: Readonly<Record<string, string>>,
  interval: string,
): Worker {
  return spawnWorker(root, info, env, ['serve', '--listen', '127.0.0.1:0', '--interval', interval]);
}

function spawnWorker(
  root: string,
  info: SandboxInfo,
  env: Readonly<Record<string, string>>,
  command: readonly string[],
): Worker {
  const proc = spawn(
    process.execPath,
    [
      path.join(ROOT, 'bin/ferry.js'),
      ...command,
      '--tenant',
      'w',
      '--root',
      root,
      '--log',
      'json',
      '--no-compile',
    ],
    {
      cwd: root,
      env: {
        ...process.env,
        FERRY_WORKER_ID: '',
        FERRY_SANDBOX_DYNAMICS_SECRET: info.dynamics.clientSecret,
        FERRY_SANDBOX_CAMPAIGN_SECRET: info.campaign.clientSecret,
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const w: Worker = {
    proc,
    pid: proc.pid ?? -1,
    id: env['FERRY_WORKER_ID'],
    out: '',
    err: '',
    exited: new Promise((resolve) => proc.on('exit', (code, signal) => resolve({ code, signal }))),
  };
  proc.stdout?.on('data', (d: Buffer) => (w.out += d.toString()));
  proc.stderr?.on('data', (d: Buffer) => (w.err += d.toString()));
  return w;
}

/** Polls `probe` until it returns a value (not undefined); the timeout only guards against a hang. */
export async function waitFor<T>(
  label: string,
  probe: () => Promise<T | undefined> | T | undefined,
  timeoutMs = 120_000,
  everyMs = 20,
): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${label}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** The contacts lease row as the workers see it. */
export async function leaseRow(
  db: pg.Client,
): Promise<{ worker: string | null; fence: number; expiresAt: number } | undefined> {
  const r = await db
    .query<{ worker: string | null; fence: string; expires_at: string }>(
      "SELECT worker, fence, expires_at FROM ferry_leases WHERE flow = 'contacts'",
    )
    .catch(() => null); // the table exists once the first worker migrated
  const row = r?.rows[0];
  return row
    ? { worker: row.worker, fence: Number(row.fence), expiresAt: Number(row.expires_at) }
    : undefined;
}

/** Worker ids are `<host>:<pid>:<random>` by default. */
export const pidOf = (workerId: string): number => Number(workerId.split(':')[1]);
