// Child process: times ONE transform implementation (compiled or hand-written) on deterministic contacts, so
// JIT feedback and GC state belong to that implementation alone. argv[2]: JSON TransformChildInput.
// Replies on IPC with TransformChildResult: timed ms (warm-up excluded) and a sha256 of every output.
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
  /** Distinct contacts generated (rows 0..distinct-1), transformed `passes` times. */
  readonly distinct: number;
  readonly passes: number;
  /** Rows transformed (untimed, three times) before timing, taken past `distinct` so they are not measured rows. */
  readonly warm: number;
}

export interface TransformChildResult {
  readonly impl: TimedImpl;
  /** Transforms timed: distinct × passes. */
  readonly rows: number;
  /** Wall time of the timed passes. */
  readonly ms: number;
  /**
   * CPU time (user + system) of this process during each timed pass, GC threads included: unlike wall time it
   * does not grow when other processes take the shared cores, so the ratio is computed from it.
   */
  readonly passCpuMs: readonly number[];
  /** sha256 over the canonical JSON of the last pass's outputs, in row order. */
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

function transformAll(rows: readonly SourceRow[], out: TargetRecord[]): void {
  for (let i = 0; i < rows.length; i++) out[i] = fn(rows[i] as SourceRow);
}

// Generating rows costs ~10x a transform, so a bounded set is generated once and transformed `passes` times.
const rows = gen(0, input.distinct);
// Warm-up (excluded from timing): three passes over rows outside the measured range.
const warmRows = gen(input.distinct, input.warm);
for (let k = 0; k < 3; k++) transformAll(warmRows, new Array<TargetRecord>(warmRows.length));

let ms = 0;
const passCpuMs: number[] = [];
let out: TargetRecord[] = [];
for (let p = 0; p < input.passes; p++) {
  out = new Array<TargetRecord>(rows.length);
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  transformAll(rows, out);
  const c = process.cpuUsage(c0);
  ms += performance.now() - t0;
  passCpuMs.push((c.user + c.system) / 1000);
}
// Hashing is outside the timed region: it costs the same for both implementations and is not the transform.
const sha = createHash('sha256');
for (const o of out) sha.update(canonicalJson(o)).update('\n');
const result: TransformChildResult = {
  impl: input.impl,
  rows: input.distinct * input.passes,
  ms,
  passCpuMs,
  hash: sha.digest('hex'),
};
process.send?.(result, () => process.disconnect());
