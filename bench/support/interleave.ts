// Interleaving in time for the transform benchmark: one process per implementation (JIT feedback and heap
// stay that implementation's own), but their timed units alternate C, H, H, C, C, H, … so the two units of
// each adjacent pair run under the same machine conditions. The machine's speed drifts (other processes, the
// other core, frequency) far more between seconds than between two neighbouring units, so the ratio of a
// pair cancels that drift; the median over many pairs and several fresh process pairs is the figure.
import { OutputMismatchError } from './compare.ts';

export type TimedImpl = 'compiled' | 'handwritten';

export interface UnitTiming {
  /** CPU time (user + system) of the process during the unit. */
  readonly cpuMs: number;
  readonly wallMs: number;
}

/** A warmed-up child process that runs one timed unit on request. */
export interface TimedProcess {
  unit(): Promise<UnitTiming>;
  /** sha256 over every output of the fixed row set (the same for every correct process). */
  hash(): Promise<string>;
  close(): Promise<void>;
}

export interface PairRun {
  /** Which implementation ran first in each adjacent pair. */
  readonly first: readonly TimedImpl[];
  readonly compiled: readonly UnitTiming[];
  readonly handwritten: readonly UnitTiming[];
  /** Per adjacent pair: compiled records/s ÷ hand-written records/s (= hand-written CPU ÷ compiled CPU). */
  readonly ratios: readonly number[];
  readonly wallRatios: readonly number[];
}

export interface InterleavedRun {
  readonly pairs: readonly PairRun[];
  /** One hash per process, all equal (checked). */
  readonly hashes: readonly string[];
}

/** Who runs first in adjacent pair `unit` of child pair `pair`: C,H | H,C | C,H … and the mirror image in odd child pairs. */
export const firstOf = (pair: number, unit: number): TimedImpl =>
  (pair + unit) % 2 === 0 ? 'compiled' : 'handwritten';

/** Runs `units` adjacent pairs on two warmed-up processes, strictly one unit at a time. */
export async function interleavePair(
  procs: Readonly<Record<TimedImpl, TimedProcess>>,
  units: number,
  pair: number,
): Promise<PairRun> {
  const first: TimedImpl[] = [];
  const times: Record<TimedImpl, UnitTiming[]> = { compiled: [], handwritten: [] };
  for (let u = 0; u < units; u++) {
    const a = firstOf(pair, u);
    const b: TimedImpl = a === 'compiled' ? 'handwritten' : 'compiled';
    first.push(a);
    // Sequential on purpose: the other process is idle (waiting on IPC) while one is timed.
    times[a].push(await procs[a].unit());
    times[b].push(await procs[b].unit());
  }
  const ratio = (k: keyof UnitTiming) => (t: UnitTiming, i: number) =>
    (times.handwritten[i] as UnitTiming)[k] / t[k];
  return {
    first,
    compiled: times.compiled,
    handwritten: times.handwritten,
    ratios: times.compiled.map(ratio('cpuMs')),
    wallRatios: times.compiled.map(ratio('wallMs')),
  };
}

/** Fails when the processes' output hashes differ (`explain` may name the first differing record first). */
export async function assertOneHash(
  hashes: readonly string[],
  explain: () => Promise<void> = () => Promise.resolve(),
): Promise<void> {
  if (new Set(hashes).size <= 1) return;
  await explain();
  throw new OutputMismatchError(
    'FERRY_BENCH_MISMATCH',
    `output hashes differ between the ${hashes.length} transform processes`,
    { details: { hashes: [...new Set(hashes)] } },
  );
}

export interface InterleaveOptions {
  /** Fresh process pairs, one after the other. */
  readonly pairs: number;
  /** Adjacent unit pairs per process pair. */
  readonly units: number;
}

/** Starts both processes at once (their warm-ups overlap); if one fails, the other is closed. */
async function startBoth(
  start: (impl: TimedImpl) => Promise<TimedProcess>,
): Promise<[TimedProcess, TimedProcess]> {
  const [c, h] = await Promise.allSettled([start('compiled'), start('handwritten')]);
  if (c.status === 'fulfilled' && h.status === 'fulfilled') return [c.value, h.value];
  await Promise.all([c, h].map((s) => (s.status === 'fulfilled' ? s.value.close() : undefined)));
  throw c.status === 'rejected' ? c.reason : (h as PromiseRejectedResult).reason;
}

/** `pairs` fresh process pairs (started together, warmed up, then interleaved), every hash checked equal. */
export async function runInterleaved(
  o: InterleaveOptions,
  start: (impl: TimedImpl) => Promise<TimedProcess>,
  explain?: () => Promise<void>,
): Promise<InterleavedRun> {
  const pairs: PairRun[] = [];
  const hashes: string[] = [];
  for (let p = 0; p < o.pairs; p++) {
    const [compiled, handwritten] = await startBoth(start);
    try {
      pairs.push(await interleavePair({ compiled, handwritten }, o.units, p));
      hashes.push(await compiled.hash(), await handwritten.hash());
    } finally {
      await Promise.all([compiled.close(), handwritten.close()]);
    }
    // A wrong output fails the run at once, not after every pair.
    await assertOneHash(hashes, explain);
  }
  return { pairs, hashes };
}
