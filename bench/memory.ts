// Peak RSS of a full contact sync at two sizes, each in its own child process, with the emulators in a
// third process so their memory does not count. Streaming means the two peaks should be about equal.
import { FerryError } from '../core/errors.ts';
import { sharedSandbox } from './support/bundle.ts';
import { forkTs, startEmulatorHost } from './support/emulator-client.ts';
import type { FerryCaps } from './support/ferry.ts';
import { sig } from './support/stats.ts';
import { tempState } from './support/state.ts';
import type { MemoryRunInput, MemoryRunResult } from './support/sync-child.ts';
import type { BenchResult, BenchRun } from './types.ts';

const CHILD = new URL('./support/sync-child.ts', import.meta.url).pathname;
// Zero latency and no effective rate cap, so a large sync finishes in the time budget; the tenant's concurrency.
const CAPS: FerryCaps = { concurrency: 8, callsPerSecond: 1_000_000 };

async function measureOnce(records: number, bundleDir: string): Promise<MemoryRunResult> {
  const host = await startEmulatorHost({ seed: 11, contacts: records, latencyMs: 0 });
  const state = await tempState();
  try {
    const input: MemoryRunInput = { info: host.info, bundleDir, state: state.url, caps: CAPS };
    // Node defaults otherwise (heap limit included): the RSS is what `ferry run` would have.
    const child = forkTs(CHILD, [JSON.stringify(input)], ['--expose-gc']);
    return await new Promise<MemoryRunResult>((resolve, reject) => {
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
  } finally {
    await host.close();
    await state.dispose();
  }
}

/** `parallel`: both sizes at once (smoke only: RSS stays per process, but the timings would disturb each other). */
export async function benchMemory(sizes: readonly [number, number], parallel = false): Promise<BenchResult> {
  const bundle = await sharedSandbox();
  const [small, large] = parallel
    ? await Promise.all([measureOnce(sizes[0], bundle.dir), measureOnce(sizes[1], bundle.dir)])
    : [await measureOnce(sizes[0], bundle.dir), await measureOnce(sizes[1], bundle.dir)];
  const ratio = large.maxRssMb / small.maxRssMb;
  const row = (r: MemoryRunResult): (string | number)[] => [
    r.records,
    sig(r.seconds),
    Math.round(r.records / r.seconds),
    sig(r.baselineRssMb),
    sig(r.maxRssMb),
    sig(r.sampledHeapMb),
    `${sig(r.liveHeapBeforeMb)} → ${sig(r.liveHeapAfterMb)}`,
  ];
  const k = (n: number): string => n.toLocaleString('en-US');
  return {
    name: 'memory',
    figures: {
      smallRecords: small.records,
      largeRecords: large.records,
      smallPeakRssMb: sig(small.maxRssMb),
      largePeakRssMb: sig(large.maxRssMb),
      smallPeakHeapMb: sig(small.sampledHeapMb),
      largePeakHeapMb: sig(large.sampledHeapMb),
      baselineRssMb: sig(small.baselineRssMb),
      'large/small': sig(ratio),
      largeSeconds: sig(large.seconds),
      largeRecordsPerSec: Math.round(large.records / large.seconds),
      smallLiveHeapAfterMb: sig(small.liveHeapAfterMb),
      largeLiveHeapAfterMb: sig(large.liveHeapAfterMb),
      'liveHeap large/small': sig(large.liveHeapAfterMb / small.liveHeapAfterMb),
    },
    table: [
      [
        'records',
        'seconds',
        'records/s',
        'RSS before sync MB',
        'peak RSS MB',
        'peak heap MB',
        'live heap after GC MB',
      ],
      row(small),
      row(large),
    ],
    targets: [
      {
        name: 'flat memory: peak RSS ratio < 1.3',
        met: ratio < 1.3,
        detail: `${k(large.records)} vs ${k(small.records)} records: ${sig(ratio)}`,
      },
      {
        name: 'retained heap flat (< 1.3)',
        met: large.liveHeapAfterMb / small.liveHeapAfterMb < 1.3,
        detail: `live heap after the sync: ${sig(small.liveHeapAfterMb)} MB vs ${sig(large.liveHeapAfterMb)} MB`,
      },
      {
        name: 'peak RSS < 300 MB',
        met: large.maxRssMb < 300,
        detail: `${sig(large.maxRssMb)} MB at ${k(large.records)} records`,
      },
    ],
  };
}

export const run: BenchRun = (opts) =>
  opts.smoke ? benchMemory([1_000, 5_000], true) : benchMemory([10_000, 100_000]);
