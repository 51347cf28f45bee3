// Transform throughput: the compiled contacts mapping vs the same mapping written by hand and in JSONata.
// Compiled and hand-written each run in a process of their own (JIT feedback and GC state are then that
// implementation's alone), but their timed units are interleaved in time: the parent starts one process of
// each, both warm up, then it asks them for units alternately (C, H, H, C, C, H, …), so the two units of each
// adjacent pair see the same machine conditions and their ratio cancels the machine's drift. Several fresh
// process pairs are run; every process hashes its outputs and all hashes must agree. A unit is many passes
// over a fixed row set, outputs dying young in a ring, a full GC before it, timed in CPU time of the child.
// Reported: the median of the adjacent-pair ratios with a 90% bootstrap band that resamples the process
// pairs too (a process's own bias counts), and the spreads. JSONata is far slower and runs in this process on
// a smaller sample, checked record by record.
import { contactAt } from '../emulators/seed/index.ts';
import type { SourceRow, TargetRecord } from '../runtime/contract.ts';
import { sharedSandbox } from './support/bundle.ts';
import { assertSameOutputs } from './support/compare.ts';
import { handwrittenTransform, jsonataTransform } from './support/contact-baselines.ts';
import { runInterleaved } from './support/interleave.ts';
import { transformReport, type TransformSizes } from './support/transform-report.ts';
import { startTransformChild } from './support/transform-process.ts';
import type { BenchResult, BenchRun } from './types.ts';

const SEED = 42;

export interface TransformOptions extends TransformSizes {
  /** Distinct contacts each child generates, transforms `passes` times per unit, and hashes. */
  readonly distinct: number;
  /** Other rows each child transforms `passes` times before timing (excluded). */
  readonly warm: number;
}

/** Names the first record whose outputs differ (in this process), when the children's hashes disagreed. */
async function explainMismatch(o: TransformOptions): Promise<void> {
  const flow = (await sharedSandbox()).contacts();
  const rows = Array.from({ length: o.distinct }, (_, i) => contactAt(SEED, i));
  assertSameOutputs(
    { compiled: rows.map(flow.transform), handwritten: rows.map(handwrittenTransform) },
    'compiled',
  );
}

async function jsonataRate(n: number): Promise<{ perSec: number; checked: number }> {
  const jsonata = jsonataTransform();
  const rows = Array.from({ length: n }, (_, i) => contactAt(SEED, i));
  // Warm-up on rows outside the measured range.
  for (const r of Array.from({ length: Math.min(n, 1_000) }, (_, i) => contactAt(SEED, n + i)))
    await jsonata(r);
  const out = new Array<TargetRecord>(n);
  const t0 = performance.now();
  // One awaited evaluate per record, as users run jsonata 2.x.
  for (let i = 0; i < n; i++) out[i] = await jsonata(rows[i] as SourceRow);
  const ms = performance.now() - t0;
  const checked = assertSameOutputs(
    { handwritten: rows.map(handwrittenTransform), jsonata: out },
    'handwritten',
  );
  return { perSec: n / (ms / 1000), checked };
}

export async function benchTransform(o: TransformOptions): Promise<BenchResult> {
  const bundle = await sharedSandbox();
  let gc = true;
  const run = await runInterleaved(
    o,
    async (impl) => {
      const p = await startTransformChild({ impl, bundleDir: bundle.dir, seed: SEED, ...o });
      gc &&= p.gcBetweenUnits;
      return p;
    },
    () => explainMismatch(o),
  );
  const js = await jsonataRate(o.jsonataRows);
  return transformReport(run, o, { gc, jsonata: js });
}

export const run: BenchRun = (opts) =>
  benchTransform(
    opts.smoke
      ? { distinct: 10_000, passes: 3, units: 3, warm: 2_000, pairs: 2, jsonataRows: 2_000 }
      : { distinct: 20_000, passes: 40, units: 9, warm: 5_000, pairs: 6, jsonataRows: 20_000 },
  );
