// Peak RSS of a full contact sync at two sizes, each in its own child process, with the emulators in a
// third process so their memory does not count. Streaming means the two peaks should be about equal.
import os from 'node:os';
import { FerryError } from '../core/errors.ts';
import { sharedSandbox } from './support/bundle.ts';
import { forkTs, startEmulatorHost } from './support/emulator-client.ts';
import type { FerryCaps } from './support/ferry.ts';
import { sig } from './support/stats.ts';
import { tempState } from './support/state.ts';
import { stateSize, type StateSize } from './support/state-size.ts';
import type { MemoryRunInput, MemoryRunResult } from './support/sync-child.ts';
import type { BenchResult, BenchRun } from './types.ts';

const CHILD = new URL('./support/sync-child.ts', import.meta.url).pathname;
// Zero latency and no effective rate cap, so a large sync finishes in the time budget; the tenant's concurrency.
const CAPS: FerryCaps = { concurrency: 8, callsPerSecond: 1_000_000 };

interface Measured extends MemoryRunResult {
  /** Emulator host CPU (user + system) while the sync ran, ms. */
  readonly emulatorCpuMs: number;
  readonly state: StateSize;
  /** 1-minute load average when the sync started (other processes on the machine). */
  readonly load: number;
}

async function measureOnce(records: number, bundleDir: string): Promise<Measured> {
  const host = await startEmulatorHost({ seed: 11, contacts: records, latencyMs: 0 });
  const state = await tempState();
  try {
    const input: MemoryRunInput = { info: host.info, bundleDir, state: state.url, caps: CAPS };
    const load = os.loadavg()[0] ?? NaN;
    const before = await host.counters();
    // Node defaults otherwise (heap limit included): the RSS is what `ferry run` would have.
    const child = forkTs(CHILD, [JSON.stringify(input)], ['--expose-gc']);
    const result = await new Promise<MemoryRunResult>((resolve, reject) => {
      let result: MemoryRunResult | undefined;
      child.on('message', (m: MemoryRunResult) => (result = m));
      child.on('exit', (code) =>
        result
          ? resolve(result)
          : reject(
              new FerryError(
                'FERRY_BENCH_CHILD',
                `sync child exited with code ${code ?? 'null'} without a result`,
              ),
            ),
      );
    });
    const after = await host.counters();
    return { ...result, emulatorCpuMs: after.cpuMs - before.cpuMs, state: await stateSize(state.url), load };
  } finally {
    await host.close();
    await state.dispose();
  }
}

const perRecordUs = (ms: number, r: Measured): number => (ms * 1000) / r.records;
const bytesPerRow = (bytes: number, r: Measured): number => bytes / r.state.ledgerRows;

/** `parallel`: both sizes at once (smoke only: RSS stays per process, but the timings would disturb each other). */
export async function benchMemory(sizes: readonly [number, number], parallel = false): Promise<BenchResult> {
  const bundle = await sharedSandbox();
  const [small, large] = parallel
    ? await Promise.all([measureOnce(sizes[0], bundle.dir), measureOnce(sizes[1], bundle.dir)])
    : [await measureOnce(sizes[0], bundle.dir), await measureOnce(sizes[1], bundle.dir)];
  const ratio = large.maxRssMb / small.maxRssMb;
  const heapRatio = large.liveHeapAfterMb / small.liveHeapAfterMb;
  const row = (r: Measured): (string | number)[] => [
    r.records,
    sig(r.seconds),
    Math.round(r.records / r.seconds),
    sig(r.baselineRssMb),
    sig(r.maxRssMb),
    sig(r.sampledHeapMb),
    `${sig(r.liveHeapBeforeMb)} → ${sig(r.liveHeapAfterMb)}`,
    Math.round(perRecordUs(r.cpuMs, r)),
    Math.round(perRecordUs(r.emulatorCpuMs, r)),
    `${sig(bytesPerRow(r.state.fileBytes, r))} / ${sig(bytesPerRow(r.state.vacuumedBytes, r))}`,
    sig(r.load),
  ];
  const k = (n: number): string => n.toLocaleString('en-US');
  const figures: Record<string, number> = {
    baselineRssMb: sig(small.baselineRssMb),
    'large/small': sig(ratio),
  };
  for (const [name, r] of [
    ['small', small],
    ['large', large],
  ] as const)
    Object.assign(figures, {
      [`${name}Records`]: r.records,
      [`${name}Seconds`]: sig(r.seconds),
      [`${name}RecordsPerSec`]: Math.round(r.records / r.seconds),
      [`${name}PeakRssMb`]: sig(r.maxRssMb),
      [`${name}PeakHeapMb`]: sig(r.sampledHeapMb),
      [`${name}LiveHeapAfterMb`]: sig(r.liveHeapAfterMb),
      [`${name}FerryCpuUsPerRecord`]: Math.round(perRecordUs(r.cpuMs, r)),
      [`${name}EmulatorCpuUsPerRecord`]: Math.round(perRecordUs(r.emulatorCpuMs, r)),
      [`${name}LedgerRows`]: r.state.ledgerRows,
      [`${name}StateBytesPerRow`]: sig(bytesPerRow(r.state.fileBytes, r)),
      [`${name}StateBytesPerRowVacuumed`]: sig(bytesPerRow(r.state.vacuumedBytes, r)),
      [`${name}LoadAverage`]: sig(r.load),
    });
  figures['liveHeap large/small'] = sig(heapRatio);
  return {
    name: 'memory',
    figures,
    table: [
      [
        'records',
        'seconds',
        'records/s',
        'RSS before sync MB',
        'peak RSS MB',
        'peak heap MB',
        'live heap after GC MB',
        'ferry CPU µs/rec',
        'emulator CPU µs/rec',
        'state bytes/ledger row (as left / vacuumed)',
        'load avg',
      ],
      row(small),
      row(large),
    ],
    targets: [
      {
        name: 'flat memory: peak RSS ratio ≤ 1.3',
        met: ratio <= 1.3,
        detail: `${k(large.records)} vs ${k(small.records)} records: ${sig(ratio)}`,
      },
      {
        name: 'retained heap flat (≤ 1.3)',
        met: heapRatio <= 1.3,
        detail: `live heap after the sync: ${sig(small.liveHeapAfterMb)} MB vs ${sig(large.liveHeapAfterMb)} MB`,
      },
      {
        name: 'peak RSS ≤ 300 MB',
        met: large.maxRssMb <= 300,
        detail: `${sig(large.maxRssMb)} MB at ${k(large.records)} records`,
      },
    ],
  };
}

export const run: BenchRun = (opts) =>
  opts.smoke ? benchMemory([1_000, 5_000], true) : benchMemory([100_000, 1_000_000]);
