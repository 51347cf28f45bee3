// Child process: ONE transform implementation (compiled or hand-written) on deterministic contacts, so JIT
// feedback and GC state belong to that implementation alone. argv[2]: JSON TransformChildInput. It warms up,
// says `ready` over IPC, then runs one timed unit per `unit` request (the parent interleaves it with the other
// implementation's process) and answers `hash` with a sha256 of every output; it exits when the parent
// disconnects. A unit is many passes over one fixed row set whose outputs go into a small reused ring, so
// they die young and no unit pays for another's garbage; a full GC (--expose-gc) runs before each unit.
import { createHash } from 'node:crypto';
import { ConfigError } from '../../core/errors.ts';
import { contactAt } from '../../emulators/seed/index.ts';
import type { EntityFlow, SourceRow, TargetRecord } from '../../runtime/contract.ts';
import { loadBundle } from '../../runtime/bundle/load.ts';
import { canonicalJson } from '../../runtime/lib/hash.ts';
import { handwrittenTransform } from './contact-baselines.ts';
import type { TimedImpl, UnitTiming } from './interleave.ts';

export interface TransformChildInput {
  readonly impl: TimedImpl;
  readonly bundleDir: string;
  readonly seed: number;
  /** Distinct contacts generated (rows 0..distinct-1); every output of them is hashed. */
  readonly distinct: number;
  /** Passes over the distinct rows in one timed unit (distinct × passes transforms per unit). */
  readonly passes: number;
  /** Rows warmed on (untimed, `passes` times), taken past `distinct` so they are not measured rows. */
  readonly warm: number;
}

export type ToChild = { readonly op: 'unit' } | { readonly op: 'hash' };
export type FromChild =
  { readonly ready: true; readonly gc: boolean } | { readonly unit: UnitTiming } | { readonly hash: string };

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

function timedUnit(): UnitTiming {
  gc?.();
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  unit(rows, input.passes);
  const c = process.cpuUsage(c0);
  return { cpuMs: (c.user + c.system) / 1000, wallMs: performance.now() - t0 };
}

// Hashing is outside the timed units: it costs the same for both implementations and is not the transform.
function outputHash(): string {
  const sha = createHash('sha256');
  for (const r of rows) sha.update(canonicalJson(fn(r))).update('\n');
  return sha.digest('hex');
}

const reply = (m: FromChild): void => void process.send?.(m);
process.on('message', (m: ToChild) =>
  reply(m.op === 'unit' ? { unit: timedUnit() } : { hash: outputHash() }),
);
// The parent's disconnect is the end: the IPC channel was the only thing keeping this process alive.
process.on('disconnect', () => process.removeAllListeners('message'));
reply({ ready: true, gc: gc !== undefined });
