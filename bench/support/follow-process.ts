// `ferry run --follow` as a real CLI child process on a project copy (see serve-process.ts), for the latency benchmark.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import type { HostInfo } from './emulator-protocol.ts';
import { ROOT } from './paths.ts';

export interface CliProcess {
  readonly proc: ChildProcess;
  /** Its stderr so far (errors are quoted when a benchmark gives up). */
  err: string;
  readonly exited: Promise<number | null>;
}

/** `ferry run --follow` at the tenant's interval (none given: the default), secrets in its environment. */
export function startFollow(root: string, info: HostInfo): CliProcess {
  const proc = spawn(
    process.execPath,
    [path.join(ROOT, 'bin/ferry.js'), 'run', '--tenant', 'sandbox', '--root', root, '--follow'],
    {
      cwd: root,
      env: {
        ...process.env,
        FERRY_WORKER_ID: 'bench-follow',
        FERRY_SANDBOX_DYNAMICS_SECRET: info.dynamics.clientSecret,
        FERRY_SANDBOX_CAMPAIGN_SECRET: info.campaign.clientSecret,
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  const p: CliProcess = {
    proc,
    err: '',
    exited: new Promise((resolve) => proc.on('exit', (code) => resolve(code))),
  };
  proc.stderr?.on('data', (d: Buffer) => (p.err = (p.err + d.toString()).slice(-4000)));
  return p;
}

/** SIGTERM, then its exit code (null: killed by the signal). */
export async function stopCli(p: Pick<CliProcess, 'proc' | 'exited'>): Promise<number | null> {
  if (p.proc.exitCode === null && p.proc.signalCode === null) p.proc.kill('SIGTERM');
  return p.exited;
}
