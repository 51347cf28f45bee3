// Transform throughput: the compiled contacts mapping vs the same mapping in JSONata and written by hand,
// on the same generated contacts, every output checked identical. Ratios are the figures that travel.
import { contactAt } from '../emulators/seed/index.ts';
import type { SourceRow, TargetRecord } from '../runtime/contract.ts';
import { sharedSandbox } from './support/bundle.ts';
import { assertSameOutputs } from './support/compare.ts';
import { handwrittenTransform, jsonataTransform } from './support/contact-baselines.ts';
import { median, rotate, sig } from './support/stats.ts';
import type { BenchResult, BenchRun } from './types.ts';

const SEED = 42;
type Impl = 'compiled' | 'handwritten' | 'jsonata';
type Runner = (rows: readonly SourceRow[], out: TargetRecord[]) => Promise<void>;

// One loop literal per implementation, not one factory: closures of one literal share type feedback, so the
// call inside would turn polymorphic and the JIT would favour whichever implementation warmed up first.
const compiledLoop =
  (fn: (r: SourceRow) => TargetRecord): Runner =>
  (rows, out) => {
    for (let i = 0; i < rows.length; i++) out[i] = fn(rows[i] as SourceRow);
    return Promise.resolve();
  };
const handwrittenLoop =
  (fn: (r: SourceRow) => TargetRecord): Runner =>
  (rows, out) => {
    for (let i = 0; i < rows.length; i++) out[i] = fn(rows[i] as SourceRow);
    return Promise.resolve();
  };

async function timed(run: Runner, rows: readonly SourceRow[], out: TargetRecord[]): Promise<number> {
  const t0 = performance.now();
  await run(rows, out);
  return performance.now() - t0;
}

export interface TransformOptions {
  readonly total: number;
  /** Rows generated at a time (memory stays bounded). */
  readonly chunk: number;
  /** Rows per timed batch, like one Dynamics page; outputs are checked and dropped after each batch. */
  readonly batch: number;
  /** Timed repetitions per batch of the fast implementations (JSONata runs once). */
  readonly reps: number;
}

export async function benchTransform(o: TransformOptions): Promise<BenchResult> {
  const compiled = await sharedSandbox();
  const flow = compiled.contacts();
  const jsonata = jsonataTransform();
  const runners: Record<Impl, Runner> = {
    compiled: compiledLoop(flow.transform),
    handwritten: handwrittenLoop(handwrittenTransform),
    // One awaited evaluate per record, as users run jsonata 2.x.
    jsonata: async (rows, out) => {
      for (let i = 0; i < rows.length; i++) out[i] = await jsonata(rows[i] as SourceRow);
    },
  };
  const IMPLS: Impl[] = ['compiled', 'handwritten', 'jsonata'];
  const rates: Record<Impl, number[]> = { compiled: [], handwritten: [], jsonata: [] };
  let checked = 0;
  const gen = (from: number, n: number): SourceRow[] =>
    Array.from({ length: n }, (_, k) => contactAt(SEED, from + k));
  // Warm-up on rows outside the measured range, so every implementation is optimised before timing.
  const warm = gen(o.total, Math.min(o.chunk, 20_000));
  for (let k = 0; k < 3; k++)
    for (const impl of IMPLS) await runners[impl](warm, new Array<TargetRecord>(warm.length));
  let b = 0;
  for (let from = 0; from < o.total; from += o.chunk) {
    const rows = gen(from, Math.min(o.chunk, o.total - from));
    const spent: Record<Impl, number> = { compiled: 0, handwritten: 0, jsonata: 0 };
    for (let at = 0; at < rows.length; at += o.batch, b++) {
      const page = rows.slice(at, at + o.batch);
      const outs: Record<Impl, TargetRecord[]> = {
        compiled: new Array(page.length),
        handwritten: new Array(page.length),
        jsonata: new Array(page.length),
      };
      const times: Record<Impl, number[]> = { compiled: [], handwritten: [], jsonata: [] };
      // Alternate the order between batches so no implementation always runs right after another's garbage.
      for (let rep = 0; rep < o.reps; rep++) {
        for (const impl of rotate(IMPLS, b + rep)) {
          if (impl === 'jsonata' && rep > 0) continue;
          times[impl].push(await timed(runners[impl], page, outs[impl]));
        }
      }
      for (const impl of IMPLS) spent[impl] += median(times[impl]);
      checked += assertSameOutputs(outs, 'compiled', from + at);
    }
    for (const impl of IMPLS) rates[impl].push(rows.length / (spent[impl] / 1000));
  }
  const perSec = {
    compiled: median(rates.compiled),
    handwritten: median(rates.handwritten),
    jsonata: median(rates.jsonata),
  };
  const vsJsonata = perSec.compiled / perSec.jsonata;
  const vsHand = perSec.compiled / perSec.handwritten;
  return {
    name: 'transform',
    figures: {
      records: o.total,
      checkedIdentical: checked,
      identicalOutputs: checked === o.total,
      compiledPerSec: Math.round(perSec.compiled),
      jsonataPerSec: Math.round(perSec.jsonata),
      handwrittenPerSec: Math.round(perSec.handwritten),
      'compiled/jsonata': sig(vsJsonata),
      'compiled/handwritten': sig(vsHand),
      jsonataNote: 'jsonata 2.x evaluate() is async: one awaited evaluate per record',
    },
    table: [
      ['implementation', 'records/s (median of chunks)', 'vs compiled', 'chunks'],
      ['compiled (ferry)', Math.round(perSec.compiled), 1, rates.compiled.length],
      [
        'hand-written TS',
        Math.round(perSec.handwritten),
        sig(perSec.handwritten / perSec.compiled),
        rates.handwritten.length,
      ],
      [
        'JSONata (await/record)',
        Math.round(perSec.jsonata),
        sig(perSec.jsonata / perSec.compiled),
        rates.jsonata.length,
      ],
      [
        `identical outputs`,
        `${checked.toLocaleString('en-US')} / ${o.total.toLocaleString('en-US')}`,
        '',
        '',
      ],
    ],
    targets: [
      {
        name: 'compiled ≥ 0.8 × hand-written',
        met: vsHand >= 0.8,
        detail: `compiled/handwritten = ${sig(vsHand)}`,
      },
      {
        name: 'compiled ≥ 30 × JSONata',
        met: vsJsonata >= 30,
        detail: `compiled/jsonata = ${sig(vsJsonata)}`,
      },
      {
        name: 'identical output on every record',
        met: checked === o.total,
        detail: `${checked} of ${o.total} compared`,
      },
    ],
  };
}

export const run: BenchRun = (opts) =>
  benchTransform(
    opts.smoke
      ? { total: 10_000, chunk: 5_000, batch: 1_000, reps: 3 }
      : { total: 1_000_000, chunk: 100_000, batch: 1_000, reps: 3 },
  );
