// `ferry serve` processes for the serve benchmark: a project copy whose tenant points at in-process
// emulators, the real CLI as a child, and its CPU time from /proc (Linux).
import { spawn, type ChildProcess } from 'node:child_process';
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { compileProject } from '../../compiler/index.ts';
import { ConfigError, FerryError } from '../../core/errors.ts';
import type { HostInfo } from './emulator-protocol.ts';
import { ROOT } from './paths.ts';

/** A compiled copy of the sandbox tenant (`mappings` only, state at `stateUrl`); returns the project root. */
export async function serveProject(
  info: HostInfo,
  stateUrl: string,
  mappings: readonly string[],
): Promise<string> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'ferry-bench-serve-'));
  const tenantDir = path.join(root, 'tenants', 'sandbox');
  await mkdir(tenantDir, { recursive: true });
  await cp(path.join(ROOT, 'mappings'), path.join(root, 'mappings'), { recursive: true });
  await cp(path.join(ROOT, 'schemas'), path.join(root, 'schemas'), { recursive: true });
  await cp(path.join(ROOT, 'tenants/sandbox/metadata'), path.join(tenantDir, 'metadata'), {
    recursive: true,
  });
  const base = await readFile(path.join(ROOT, 'tenants/sandbox/tenant.yaml'), 'utf8');
  const tenant = base
    .replace(/url: http:\/\/127\.0\.0\.1:7401/, `url: ${info.dynamics.url}`)
    .replace(/tokenUrl: .*/, `tokenUrl: ${info.dynamics.tokenUrl}`)
    .replace(/url: http:\/\/127\.0\.0\.1:7403\/ferrysandbox\/campaign/, `url: ${info.campaign.url}`)
    .replace(/imsTokenUrl: .*/, `imsTokenUrl: ${info.campaign.imsTokenUrl}`)
    .replace(/journalUrl: .*/, `journalUrl: ${info.campaign.journalUrl}`)
    .replace(/callsPerSecond: \d+/, 'callsPerSecond: 5000')
    .replace(/^mappings: .*$/m, `mappings: [${mappings.join(', ')}]`)
    .replace(/^state: .*$/m, `state: ${stateUrl}`);
  await writeFile(path.join(tenantDir, 'tenant.yaml'), tenant);
  const r = await compileProject({ root, tenant: 'sandbox' });
  if (r.files === null)
    throw new ConfigError('FERRY_BENCH_COMPILE', r.diagnostics.map((d) => d.message).join('; '));
  return root;
}

export const removeProject = (root: string): Promise<void> => rm(root, { recursive: true, force: true });

export interface ServeProcess {
  readonly proc: ChildProcess;
  readonly id: string;
  err: string;
  /** The HTTP port's base URL once it listens. */
  readonly url: Promise<string>;
  readonly exited: Promise<number | null>;
}

export function startServe(
  root: string,
  info: HostInfo,
  id: string,
  env: Readonly<Record<string, string>>,
  /** `--interval`; none: the tenant's schedules (or the default). */
  interval?: string,
): ServeProcess {
  const proc = spawn(
    process.execPath,
    [
      path.join(ROOT, 'bin/ferry.js'),
      'serve',
      '--tenant',
      'sandbox',
      '--root',
      root,
      '--listen',
      '127.0.0.1:0',
      ...(interval === undefined ? [] : ['--interval', interval]),
    ],
    {
      cwd: root,
      env: {
        ...process.env,
        FERRY_WORKER_ID: id,
        FERRY_SANDBOX_DYNAMICS_SECRET: info.dynamics.clientSecret,
        FERRY_SANDBOX_CAMPAIGN_SECRET: info.campaign.clientSecret,
        ...env,
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  const exited = new Promise<number | null>((resolve) => proc.on('exit', (code) => resolve(code)));
  const s: ServeProcess = {
    proc,
    id,
    err: '',
    exited,
    url: new Promise((resolve, reject) => {
      proc.stderr?.on('data', (d: Buffer) => {
        s.err += d.toString();
        const url = /"msg":"ferry serve listening"/.test(s.err)
          ? /"url":"([^"]+)"/.exec(s.err)?.[1]
          : undefined;
        if (url !== undefined) resolve(url);
      });
      void exited.then((code) =>
        reject(
          new FerryError(
            'FERRY_BENCH_CHILD',
            `ferry serve exited (${code ?? 'signal'}): ${s.err.slice(-1000)}`,
          ),
        ),
      );
    }),
  };
  return s;
}

/** User + system CPU seconds a process used so far (/proc/<pid>/stat, clock ticks of 10 ms). */
export async function cpuSeconds(pid: number): Promise<number> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

export async function stop(s: ServeProcess): Promise<void> {
  if (s.proc.exitCode === null && s.proc.signalCode === null) s.proc.kill('SIGTERM');
  await s.exited;
}
