// Starts the emulator host in a child process (or two: Dynamics and Campaign apart) and talks to it over IPC.
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { FerryError } from '../../core/errors.ts';
import {
  mergeCounters,
  type ArrivalLog,
  type HostCommand,
  type HostConfig,
  type HostCounters,
  type HostInfo,
} from './emulator-protocol.ts';

const HOST = fileURLToPath(new URL('./emulator-host.ts', import.meta.url));

export class BenchChildError extends FerryError {}

export interface EmulatorHost {
  readonly info: HostInfo;
  /** The first host process (what other checkouts' benches read, run by events-ab with this host); `pids` lists every one. */
  readonly pid: number;
  readonly pids: readonly number[];
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

interface OneHost {
  readonly info: Partial<HostInfo>;
  readonly pid: number;
  call<T>(body: HostCommand): Promise<T>;
  close(): Promise<void>;
}

async function startOne(config: HostConfig): Promise<OneHost> {
  const child = forkTs(HOST, [JSON.stringify(config)]);
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  let next = 0;
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const info = await new Promise<Partial<HostInfo>>((resolve, reject) => {
    child.once('exit', (code) =>
      reject(
        new BenchChildError(
          'FERRY_BENCH_CHILD',
          `emulator host exited with code ${code ?? 'null'} before it was ready`,
        ),
      ),
    );
    child.on('message', (m: { ready?: Partial<HostInfo>; id?: number; value?: unknown; error?: string }) => {
      if (m.ready) return resolve(m.ready);
      const p = m.id === undefined ? undefined : pending.get(m.id);
      if (!p) return;
      pending.delete(m.id as number);
      if (m.error !== undefined)
        p.reject(new BenchChildError('FERRY_BENCH_CHILD', `emulator host: ${m.error}`));
      else p.resolve(m.value);
    });
  });
  return {
    info,
    pid: child.pid ?? -1,
    call: <T>(body: HostCommand): Promise<T> =>
      new Promise<T>((resolve, reject) => {
        const id = next++;
        pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
        child.send({ id, body });
      }),
    async close() {
      child.disconnect();
      await exited;
    },
  };
}

/**
 * Starts the emulators of one benchmark. With `split` (or FERRY_BENCH_SPLIT_HOSTS=1), Dynamics and Campaign
 * run in two processes, as two services never share one thread: a journal read then never waits behind
 * Dynamics writes.
 */
export async function startEmulatorHost(
  config: HostConfig & { readonly split?: boolean },
): Promise<EmulatorHost> {
  const { split: asked, ...hostConfig } = config;
  const split = asked ?? process.env['FERRY_BENCH_SPLIT_HOSTS'] === '1';
  const hosts = split
    ? await Promise.all([
        startOne({ ...hostConfig, services: 'dynamics' }),
        startOne({ ...hostConfig, services: 'campaign' }),
      ])
    : [await startOne(hostConfig)];
  const dyn = hosts[0] as OneHost;
  const cmp = hosts[hosts.length - 1] as OneHost;
  return {
    info: { ...dyn.info, ...cmp.info } as HostInfo,
    pid: dyn.pid,
    pids: hosts.map((h) => h.pid),
    counters: async () =>
      mergeCounters(await Promise.all(hosts.map((h) => h.call<Partial<HostCounters>>({ cmd: 'counters' })))),
    touch: (every, round) => dyn.call<number>({ cmd: 'touch', every, round }),
    deliver: (profiles, events) => cmp.call<number>({ cmd: 'deliver', profiles, events }),
    faults: (rules, seed) => cmp.call({ cmd: 'faults', rules, seed }),
    deltaMaxAge: (ms) => dyn.call<null>({ cmd: 'deltaMaxAge', ms }),
    log: ((on: boolean) => cmp.call({ cmd: 'log', on })) as EmulatorHost['log'],
    profiles: (keys, field) => cmp.call<unknown[]>({ cmd: 'profiles', keys, field }),
    async close() {
      await Promise.all(hosts.map((h) => h.close()));
    },
  };
}
