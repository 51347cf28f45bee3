// Parent side of bench/support/transform-child.ts: starts the child, waits until it has warmed up, then
// sends it one request at a time (unit, hash) and returns its answer; close() disconnects and awaits the exit.
import type { ChildProcess } from 'node:child_process';
import { BenchChildError, forkTs } from './emulator-client.ts';
import type { TimedProcess, UnitTiming } from './interleave.ts';
import type { FromChild, ToChild, TransformChildInput } from './transform-child.ts';

const CHILD = new URL('./transform-child.ts', import.meta.url).pathname;

export interface TransformProcess extends TimedProcess {
  /** Whether the child forces a full GC before each unit (node --expose-gc). */
  readonly gcBetweenUnits: boolean;
}

export async function startTransformChild(input: TransformChildInput): Promise<TransformProcess> {
  const child = forkTs(CHILD, [JSON.stringify(input)], ['--expose-gc']);
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const died = (what: string) => (code: number | null) =>
    new BenchChildError(
      'FERRY_BENCH_CHILD',
      `${input.impl} transform child exited with code ${code ?? 'null'} ${what}`,
    );
  const next = <T extends FromChild>(what: string): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const onExit = (code: number | null): void => reject(died(what)(code));
      child.once('exit', onExit);
      child.once('message', (m: T) => {
        child.off('exit', onExit);
        resolve(m);
      });
    });
  let ready: { ready: true; gc: boolean };
  try {
    ready = await next('before it was ready');
  } catch (err) {
    child.kill();
    throw err;
  }
  const ask = <T extends FromChild>(m: ToChild): Promise<T> => {
    const answer = next<T>(`while answering ${m.op}`);
    child.send(m);
    return answer;
  };
  return {
    gcBetweenUnits: ready.gc,
    unit: async () => (await ask<{ unit: UnitTiming }>({ op: 'unit' })).unit,
    hash: async () => (await ask<{ hash: string }>({ op: 'hash' })).hash,
    close: () => close(child, exited),
  };
}

async function close(child: ChildProcess, exited: Promise<void>): Promise<void> {
  if (child.exitCode === null && child.signalCode === null && child.connected) child.disconnect();
  await exited;
}
