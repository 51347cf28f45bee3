// Peak RSS and heap of this process, sampled every 100 ms while a measured sync runs (point samples miss spikes).
export interface PeakSampler {
  readonly baselineRss: number;
  /** Highest RSS and heapUsed seen so far, bytes. */
  readonly rss: () => number;
  readonly heap: () => number;
  /** Highest RSS and heapUsed since the last call (for per-window peaks), bytes. */
  readonly sinceLast: () => { readonly rss: number; readonly heap: number };
  readonly stop: () => void;
}

export function samplePeaks(): PeakSampler {
  const baselineRss = process.memoryUsage().rss;
  let rss = baselineRss;
  let heap = 0;
  let recent = { rss: 0, heap: 0 };
  const timer = setInterval(() => {
    const m = process.memoryUsage();
    rss = Math.max(rss, m.rss);
    heap = Math.max(heap, m.heapUsed);
    recent = { rss: Math.max(recent.rss, m.rss), heap: Math.max(recent.heap, m.heapUsed) };
  }, 100);
  const sinceLast = (): { rss: number; heap: number } => {
    const r = recent;
    recent = { rss: 0, heap: 0 };
    return r;
  };
  return { baselineRss, rss: () => rss, heap: () => heap, sinceLast, stop: () => clearInterval(timer) };
}
