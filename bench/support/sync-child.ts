// Child process: one full contact sync against an emulator host, then its peak RSS (clean: nothing else runs here).
// argv[2]: JSON { info: HostInfo, bundleDir, state, caps }. Replies on IPC with MemoryRunResult.
import type { HostInfo } from './emulator-protocol.ts';
import { benchRuntime, okFlow, type FerryCaps } from './ferry.ts';
import { samplePeaks } from './peaks.ts';

export interface MemoryRunInput {
  readonly info: HostInfo;
  readonly bundleDir: string;
  readonly state: string;
  readonly caps: FerryCaps;
}

export interface MemoryRunResult {
  readonly records: number;
  readonly created: number;
  readonly seconds: number;
  /** process.resourceUsage().maxRSS, MB. */
  readonly maxRssMb: number;
  /** Peak RSS and heap sampled every 100 ms while the sync ran, MB. */
  readonly sampledRssMb: number;
  readonly sampledHeapMb: number;
  /** RSS before the sync started (runtime loaded, bundle imported), MB. */
  readonly baselineRssMb: number;
  /** Live heap after a full GC, before and after the sync (runtime still open), MB: retention shows here. */
  readonly liveHeapBeforeMb: number;
  readonly liveHeapAfterMb: number;
  /** CPU time (user + system) of this process during the sync, ms. */
  readonly cpuMs: number;
}

const input = JSON.parse(process.argv[2] ?? '{}') as MemoryRunInput;
const rt = await benchRuntime(input.info, input.bundleDir, input.caps, input.state);
// --expose-gc only makes gc() callable; it is called outside the measured sync, never during it.
const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);
const liveHeap = (): number => {
  gc();
  return process.memoryUsage().heapUsed;
};
const liveBefore = liveHeap();
const peaks = samplePeaks();
const t0 = performance.now();
const cpu0 = process.cpuUsage();
const report = await rt.runOnce({ mode: 'incremental', flows: ['contacts'] });
const seconds = (performance.now() - t0) / 1000;
const cpu = process.cpuUsage(cpu0);
peaks.stop();
const liveAfter = liveHeap();
await rt.close();
const flow = okFlow(report, 'contacts');
const mb = (b: number): number => b / 2 ** 20;
const result: MemoryRunResult = {
  records: flow.counts['read'] ?? 0,
  created: flow.counts['created'] ?? 0,
  seconds,
  maxRssMb: process.resourceUsage().maxRSS / 1024,
  sampledRssMb: mb(peaks.rss()),
  sampledHeapMb: mb(peaks.heap()),
  baselineRssMb: mb(peaks.baselineRss),
  liveHeapBeforeMb: mb(liveBefore),
  liveHeapAfterMb: mb(liveAfter),
  cpuMs: (cpu.user + cpu.system) / 1000,
};
process.send?.(result, () => process.disconnect());
