// `npm run bench -- scale [--records=N] [--window=N]` (or FERRY_SCALE_RECORDS): a 15,000,000-contact initial load
// against the emulators, ferry in its own child, a window every 500,000 records. Not in the default set (hours).
import os from 'node:os';
import { ConfigError, FerryError } from '../core/errors.ts';
import { sharedSandbox } from './support/bundle.ts';
import { forkTs, startEmulatorHost } from './support/emulator-client.ts';
import type { FerryCaps } from './support/ferry.ts';
import { keyIndexSize } from './support/key-index-size.ts';
import type { ScaleMessage, ScaleRunInput, ScaleWindow } from './support/scale-child.ts';
import { median, sig } from './support/stats.ts';
import { tempState } from './support/state.ts';
import type { BenchResult, BenchRun } from './types.ts';

const CHILD = new URL('./support/scale-child.ts', import.meta.url).pathname;
// Zero latency, no effective rate cap: the run measures ferry and the emulators, not a quota.
const CAPS: FerryCaps = { concurrency: 8, callsPerSecond: 1_000_000 };
const FULL = 15_000_000;
const WINDOW = 500_000;
/** RSS at the end over RSS at this many records (or at half the run when it is shorter). */
const RSS_REFERENCE = 1_000_000;

/** `--name=N` from argv, else the environment variable, else `fallback`. */
function option(name: string, env: string, fallback: number): number {
  const arg = process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
  const text = arg ?? process.env[env];
  const n = text === undefined ? fallback : Number(text.replace(/_/g, ''));
  if (!Number.isSafeInteger(n) || n <= 0)
    throw new ConfigError(
      'FERRY_BENCH_SCALE_OPTION',
      `--${name} (or ${env}) must be a positive integer, not '${text}'`,
    );
  return n;
}

/** A window of ferry's figures with the emulator host's RSS and profile count when it closed. */
interface Window extends ScaleWindow {
  readonly emulatorRssMb: number;
  readonly profiles: number;
}

interface ScaleRun {
  readonly windows: readonly Window[];
  readonly done: Extract<ScaleMessage, { kind: 'done' }>;
}

async function measure(records: number, window: number): Promise<ScaleRun> {
  const bundle = await sharedSandbox();
  // Seeded contacts are computed from their index on demand, so 15 M of them cost no memory up front.
  const host = await startEmulatorHost({ seed: 13, contacts: records, latencyMs: 0, lazyContacts: true });
  const state = await tempState();
  try {
    const withHost = async (w: ScaleWindow): Promise<Window> => {
      const c = await host.counters();
      // Printed as it goes: a run of hours shows its progress (and a partial run its figures).
      console.log(
        `  ${w.records.toLocaleString('en-US')} records: ${Math.round(w.recordsPerSec)}/s, ferry CPU ${Math.round(w.cpuUsPerRecord)} µs/record, RSS ${sig(w.rssMb)} MB (peak ${sig(w.peakRssMb)}), heap ${sig(w.heapMb)} MB (peak ${sig(w.peakHeapMb)}), state ${sig(w.stateMb)} MB, emulators RSS ${sig(c.rssMb)} MB, ${os.loadavg()[0]?.toFixed(1) ?? '?'} load (${new Date().toISOString()})`,
      );
      return { ...w, emulatorRssMb: c.rssMb, profiles: c.profiles };
    };
    const input: ScaleRunInput = {
      info: host.info,
      bundleDir: bundle.dir,
      state: state.url,
      caps: CAPS,
      window,
    };
    const child = forkTs(CHILD, [JSON.stringify(input)], []);
    const windows: Promise<Window>[] = [];
    const done = await new Promise<ScaleRun['done']>((resolve, reject) => {
      let done: ScaleRun['done'] | undefined;
      child.on('message', (m: ScaleMessage) => {
        if (m.kind === 'done') done = m;
        else windows.push(withHost(m.window));
      });
      child.on('exit', (code) =>
        done
          ? resolve(done)
          : reject(new FerryError('FERRY_BENCH_CHILD', `scale child exited with code ${code ?? 'null'}`)),
      );
    });
    return { windows: await Promise.all(windows), done };
  } finally {
    await host.close();
    await state.dispose();
  }
}

/**
 * Throughput compared robustly on a shared machine: the median of the last three windows over the median of
 * windows 2-4 (the first holds start-up: connections, JIT, the empty-resource count probe). Short runs
 * fall back to the last window over the first.
 */
function rates(
  ws: readonly Window[],
  of: (w: Window) => number,
): { ref: number; last: number; refAt: string; lastAt: string } {
  const at = (xs: readonly Window[]): string => xs.map((w) => w.records.toLocaleString('en-US')).join(', ');
  const r = (xs: readonly Window[]): number => median(xs.map(of));
  if (ws.length < 5) {
    const [a, b] = [ws.slice(0, 1), ws.slice(-1)];
    return { ref: r(a), last: r(b), refAt: at(a), lastAt: at(b) };
  }
  const [a, b] = [ws.slice(1, 4), ws.slice(-3)];
  return { ref: r(a), last: r(b), refAt: at(a), lastAt: at(b) };
}

export async function benchScale(records: number, window: number): Promise<BenchResult> {
  const { windows, done } = await measure(records, window);
  // After the load (nothing else runs then): ferry's key index for this many profiles, as a re-read would build it.
  const index = keyIndexSize(records);
  const last = windows[windows.length - 1];
  const rate = rates(windows, (w) => w.recordsPerSec);
  // CPU per record does not depend on what else the machine runs: the load-independent view of the same question.
  const cpu = rates(windows, (w) => w.cpuUsPerRecord);
  const cpuRatio = cpu.last / cpu.ref;
  const atRef = windows.find((w) => w.records >= Math.min(RSS_REFERENCE, records / 2));
  const rssRatio = last && atRef ? last.rssMb / atRef.rssMb : NaN;
  const rateRatio = rate.last / rate.ref;
  const k = (n: number): string => n.toLocaleString('en-US');
  return {
    name: 'scale',
    figures: {
      records: done.records,
      seconds: sig(done.seconds),
      recordsPerSec: Math.round(done.records / done.seconds),
      baselineRssMb: sig(done.baselineRssMb),
      peakRssMb: sig(done.peakRssMb),
      peakHeapMb: sig(done.peakHeapMb),
      'rss end/reference': sig(rssRatio),
      'rate last/reference windows': sig(rateRatio),
      'cpu per record last/reference windows': sig(cpuRatio),
      finalStateMb: sig(last?.stateMb ?? 0),
      finalEmulatorRssMb: sig(last?.emulatorRssMb ?? 0),
      profiles: last?.profiles ?? 0,
      loadAverage: sig(os.loadavg()[0] ?? 0),
      window,
      keyIndexBytesPerRecord: sig(index.sealedBytesPerRecord),
      keyIndexPkeyBytesPerRecord: sig(index.pkeyBytesPerRecord),
      keyIndexPeakBytesPerRecord: sig(index.peakBytesPerRecord),
      keyIndexFileBytesPerRecord: sig(index.spillBytesPerRecord),
      keyIndexMb: sig((index.sealedBytesPerRecord * records) / 2 ** 20),
    },
    table: [
      [
        'records',
        'window s',
        'records/s',
        'ferry CPU µs/record',
        'ferry RSS MB',
        'peak RSS MB',
        'heap MB',
        'peak heap MB',
        'state file MB',
        'emulators RSS MB',
      ],
      ...windows.map((w) => [
        w.records,
        sig(w.seconds),
        Math.round(w.recordsPerSec),
        Math.round(w.cpuUsPerRecord),
        sig(w.rssMb),
        sig(w.peakRssMb),
        sig(w.heapMb),
        sig(w.peakHeapMb),
        sig(w.stateMb),
        sig(w.emulatorRssMb),
      ]),
    ],
    targets: [
      {
        name: 'flat memory: RSS at the end / RSS at 1 M <= 1.3',
        met: rssRatio <= 1.3,
        detail: `${sig(last?.rssMb ?? NaN)} MB at ${k(last?.records ?? 0)} vs ${sig(atRef?.rssMb ?? NaN)} MB at ${k(atRef?.records ?? 0)}: ${sig(rssRatio)}`,
      },
      {
        name: 'key index: 12 bytes a record in memory, sealing included',
        met: index.peakBytesPerRecord <= 12 + 0.01,
        detail: `${sig(index.sealedBytesPerRecord)} B a record sealed, ${sig(index.peakBytesPerRecord)} B at the peak, ${sig(index.spillBytesPerRecord)} B a record in its file (PKeys ${sig(index.pkeyBytesPerRecord)} B), at ${k(records)} records`,
      },
      {
        name: 'peak RSS <= 300 MB',
        met: done.peakRssMb <= 300,
        detail: `${sig(done.peakRssMb)} MB over ${k(done.records)} records`,
      },
      {
        name: 'steady throughput: median of the last 3 windows / median of windows 2-4 >= 0.8',
        met: rateRatio >= 0.8,
        detail: `${Math.round(rate.last)}/s (windows ending ${rate.lastAt}) vs ${Math.round(rate.ref)}/s (${rate.refAt}): ${sig(rateRatio)}`,
      },
      {
        name: 'steady CPU cost: median ferry CPU per record, last 3 windows / windows 2-4 <= 1.25',
        met: cpuRatio <= 1.25,
        detail: `${Math.round(cpu.last)} µs vs ${Math.round(cpu.ref)} µs a record: ${sig(cpuRatio)} (${sig(1 / cpuRatio)} in records per CPU-second)`,
      },
    ],
  };
}

export const run: BenchRun = (opts) => {
  const records = opts.smoke ? 4_000 : option('records', 'FERRY_SCALE_RECORDS', FULL);
  const window = opts.smoke
    ? 1_000
    : option('window', 'FERRY_SCALE_WINDOW', Math.min(WINDOW, Math.ceil(records / 10)));
  return benchScale(records, window);
};
