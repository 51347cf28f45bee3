// Child process of the scale benchmark: one initial contact load, reporting a window every `window` created
// records over IPC (records/s in the window, RSS, heap, state file bytes), then the run's totals.
// argv[2]: JSON ScaleRunInput.
import { statSync } from 'node:fs';
import type { HostInfo } from './emulator-protocol.ts';
import { benchRuntime, okFlow, type FerryCaps } from './ferry.ts';
import { samplePeaks } from './peaks.ts';

export interface ScaleRunInput {
  readonly info: HostInfo;
  readonly bundleDir: string;
  /** `sqlite:<file>`: the file (and its -wal) is measured each window. */
  readonly state: string;
  readonly caps: FerryCaps;
  readonly window: number;
}

export interface ScaleWindow {
  /** Records written when the window closed. */
  readonly records: number;
  readonly seconds: number;
  readonly recordsPerSec: number;
  /** ferry's CPU time (user + system) per record in the window, µs: steady even when the machine is shared. */
  readonly cpuUsPerRecord: number;
  readonly rssMb: number;
  readonly heapMb: number;
  /** Highest RSS and heapUsed sampled (every 100 ms) during the window: spikes between window boundaries. */
  readonly peakRssMb: number;
  readonly peakHeapMb: number;
  readonly stateMb: number;
}

export type ScaleMessage =
  | { readonly kind: 'window'; readonly window: ScaleWindow }
  | {
      readonly kind: 'done';
      readonly records: number;
      readonly seconds: number;
      readonly peakRssMb: number;
      readonly peakHeapMb: number;
      readonly baselineRssMb: number;
      readonly counts: Readonly<Record<string, number>>;
    };

const input = JSON.parse(process.argv[2] ?? '{}') as ScaleRunInput;
const mb = (b: number): number => b / 2 ** 20;
const file = input.state.replace(/^sqlite:/, '');
const fileBytes = (f: string): number => {
  try {
    return statSync(f).size;
  } catch {
    return 0; // the -wal file exists only between checkpoints
  }
};
const send = (m: ScaleMessage): void => void process.send?.(m);

const rt = await benchRuntime(input.info, input.bundleDir, input.caps, input.state);
// Peaks sampled on a timer (the window figures are point samples at each boundary).
const peaks = samplePeaks();
const t0 = performance.now();
let lastT = t0;
let lastN = 0;
let lastCpu = process.cpuUsage();
const closeWindow = (records: number): void => {
  const now = performance.now();
  const m = process.memoryUsage();
  const seconds = (now - lastT) / 1000;
  const cpu = process.cpuUsage(lastCpu);
  const peak = peaks.sinceLast();
  send({
    kind: 'window',
    window: {
      records,
      seconds,
      recordsPerSec: (records - lastN) / seconds,
      cpuUsPerRecord: (cpu.user + cpu.system) / (records - lastN),
      rssMb: mb(m.rss),
      heapMb: mb(m.heapUsed),
      peakRssMb: mb(Math.max(peak.rss, m.rss)),
      peakHeapMb: mb(Math.max(peak.heap, m.heapUsed)),
      stateMb: mb(fileBytes(file) + fileBytes(`${file}-wal`)),
    },
  });
  lastT = now;
  lastN = records;
  lastCpu = process.cpuUsage();
};
const report = await rt.runOnce({
  mode: 'incremental',
  flows: ['contacts'],
  onProgress: (e) => {
    const n = e.counts['created'] ?? 0;
    while (n >= lastN + input.window) closeWindow(lastN + input.window);
  },
});
const seconds = (performance.now() - t0) / 1000;
peaks.stop();
await rt.close();
const flow = okFlow(report, 'contacts');
const created = flow.counts['created'] ?? 0;
// The tail (less than a window) is reported only when it is at least half a window, so rates compare.
if (created - lastN >= input.window / 2) closeWindow(created);
const done: ScaleMessage = {
  kind: 'done',
  records: created,
  seconds,
  peakRssMb: Math.max(mb(peaks.rss()), process.resourceUsage().maxRSS / 1024),
  peakHeapMb: mb(peaks.heap()),
  baselineRssMb: mb(peaks.baselineRss),
  counts: flow.counts,
};
process.send?.(done, () => process.disconnect());
