// Starts the emulator host in a child process and talks to it over IPC.
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { FerryError } from '../../core/errors.ts';
import type { ArrivalLog, HostCommand, HostConfig, HostCounters, HostInfo } from './emulator-protocol.ts';

const HOST = fileURLToPath(new URL('./emulator-host.ts', import.meta.url));

export class BenchChildError extends FerryError {}

export interface EmulatorHost {
  readonly info: HostInfo;
  readonly pid: number;
  counters(): Promise<HostCounters>;
  touch(every: number, round: number): Promise<number>;
  deliver(profiles: number, events: number): Promise<number>;
  faults(rules: Extract<HostCommand, { cmd: 'faults' }>['rules'], seed: number): Promise<unknown>;
  /** Dynamics refuses delta tokens older than `ms` (-1: all of them) until set again. */
  deltaMaxAge(ms: number): Promise<null>;
  log(on: true): Promise<null>;
  log(on: false): Promise<ArrivalLog>;
  /** `field` of the profiles with these externalIds (null where none), read beside the Campaign API. */
  profiles(keys: readonly string[], field: string): Promise<unknown[]>;
  close(): Promise<void>;
}

/** `FERRY_BENCH_CPU_PROF=<dir>` profiles the child processes too (node refuses --cpu-prof in NODE_OPTIONS). */
function profileFlags(): string[] {
  const dir = process.env['FERRY_BENCH_CPU_PROF'];
  return dir === undefined || dir === '' ? [] : ['--cpu-prof', `--cpu-prof-dir=${dir}`];
}

/** A child process running `file` under tsx with IPC. */
export function forkTs(
  file: string,
  args: readonly string[],
  nodeFlags: readonly string[] = ['--max-old-space-size=4096'],
): ChildProcess {
  return fork(file, args, {
    execArgv: ['--import', 'tsx', ...nodeFlags, ...profileFlags()],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
}

export async function startEmulatorHost(config: HostConfig): Promise<EmulatorHost> {
  const child = forkTs(HOST, [JSON.stringify(config)]);
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  let next = 0;
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const info = await new Promise<HostInfo>((resolve, reject) => {
    child.once('exit', (code) =>
      reject(
        new BenchChildError(
          'FERRY_BENCH_CHILD',
          `emulator host exited with code ${code ?? 'null'} before it was ready`,
        ),
      ),
    );
    child.on('message', (m: { ready?: HostInfo; id?: number; value?: unknown; error?: string }) => {
      if (m.ready) return resolve(m.ready);
      const p = m.id === undefined ? undefined : pending.get(m.id);
      if (!p) return;
      pending.delete(m.id as number);
      if (m.error !== undefined)
        p.reject(new BenchChildError('FERRY_BENCH_CHILD', `emulator host: ${m.error}`));
      else p.resolve(m.value);
    });
  });
  const call = <T>(body: HostCommand): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const id = next++;
      pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      child.send({ id, body });
    });
  return {
    info,
    pid: child.pid ?? -1,
    counters: () => call<HostCounters>({ cmd: 'counters' }),
    touch: (every, round) => call<number>({ cmd: 'touch', every, round }),
    deliver: (profiles, events) => call<number>({ cmd: 'deliver', profiles, events }),
    faults: (rules, seed) => call({ cmd: 'faults', rules, seed }),
    deltaMaxAge: (ms) => call<null>({ cmd: 'deltaMaxAge', ms }),
    log: ((on: boolean) => call({ cmd: 'log', on })) as EmulatorHost['log'],
    profiles: (keys, field) => call<unknown[]>({ cmd: 'profiles', keys, field }),
    async close() {
      child.disconnect();
      await exited;
    },
  };
}
