// Child process: times ONE transform implementation (compiled or hand-written) on deterministic contacts, so
// JIT feedback and GC state belong to that implementation alone. argv[2]: JSON TransformChildInput.
// Replies on IPC with TransformChildResult: CPU time per timed unit (warm-up excluded) and a sha256 of every
// output. Each unit is many passes over one fixed row set whose outputs go into a small reused ring, so they
// die young and no unit pays for another's garbage; a full GC (--expose-gc) runs before each unit.
import { createHash } from 'node:crypto';
import { ConfigError } from '../../core/errors.ts';
import { contactAt } from '../../emulators/seed/index.ts';
import type { EntityFlow, SourceRow, TargetRecord } from '../../runtime/contract.ts';
import { loadBundle } from '../../runtime/bundle/load.ts';
import { canonicalJson } from '../../runtime/lib/hash.ts';
import { handwrittenTransform } from './contact-baselines.ts';

export type TimedImpl = 'compiled' | 'handwritten';

export interface TransformChildInput {
  readonly impl: TimedImpl;
  readonly bundleDir: string;
  readonly seed: number;
  /** Distinct contacts generated (rows 0..distinct-1); every output of them is hashed. */
  readonly distinct: number;
  /** Passes over the distinct rows in one timed unit (distinct × passes transforms per unit). */
  readonly passes: number;
  /** Timed units (the parent takes the fastest, and reports the median beside it). */
  readonly units: number;
  /** Rows warmed on (untimed, `passes` times), taken past `distinct` so they are not measured rows. */
  readonly warm: number;
}

export interface TransformChildResult {
  readonly impl: TimedImpl;
  /** Transforms per timed unit: distinct × passes. */
  readonly perUnit: number;
  /**
   * CPU time (user + system) of this process during each unit, GC threads included: unlike wall time it
   * does not grow when other processes take the shared cores, so the ratio is computed from it.
   */
  readonly unitCpuMs: readonly number[];
  readonly unitWallMs: readonly number[];
  /** Whether a full GC ran before each unit (node --expose-gc). */
  readonly gcBetweenUnits: boolean;
  /** sha256 over the canonical JSON of every distinct row's output, in row order. */
  readonly hash: string;
}

const input = JSON.parse(process.argv[2] ?? '{}') as TransformChildInput;
// Both implementations load the bundle, so the two processes hold the same modules and heap shape.
const { bundle } = await loadBundle(input.bundleDir);
const flow = bundle.flows.find((f): f is EntityFlow => f.kind === 'entity' && f.name === 'contacts');
const fn: (r: SourceRow) => TargetRecord =
  input.impl === 'compiled' ? (flow?.transform ?? missing()) : handwrittenTransform;

function missing(): never {
  throw new ConfigError('FERRY_BENCH_FLOW', `bundle ${input.bundleDir} has no contacts entity flow`);
}

const gen = (from: number, n: number): SourceRow[] =>
  Array.from({ length: n }, (_, k) => contactAt(input.seed, from + k));

// Outputs are stored (so no call is optimised away) in a ring far smaller than the young generation.
const RING = 1024;
const ring = new Array<TargetRecord | null>(RING).fill(null);

function unit(rows: readonly SourceRow[], passes: number): void {
  let k = 0;
  for (let p = 0; p < passes; p++)
    for (let i = 0; i < rows.length; i++) ring[k++ & (RING - 1)] = fn(rows[i] as SourceRow);
}

const gc = (globalThis as { gc?: () => void }).gc;
const rows = gen(0, input.distinct);
unit(gen(input.distinct, input.warm), input.passes);

const unitCpuMs: number[] = [];
const unitWallMs: number[] = [];
for (let u = 0; u < input.units; u++) {
  gc?.();
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  unit(rows, input.passes);
  const c = process.cpuUsage(c0);
  unitWallMs.push(performance.now() - t0);
  unitCpuMs.push((c.user + c.system) / 1000);
}
// Hashing is outside the timed units: it costs the same for both implementations and is not the transform.
const sha = createHash('sha256');
for (const r of rows) sha.update(canonicalJson(fn(r))).update('\n');
const result: TransformChildResult = {
  impl: input.impl,
  perUnit: input.distinct * input.passes,
  unitCpuMs,
  unitWallMs,
  gcBetweenUnits: gc !== undefined,
  hash: sha.digest('hex'),
};
process.send?.(result, () => process.disconnect());
