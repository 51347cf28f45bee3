// Child process: one timed back-end compile of n generated mappings, after an untimed warm-up compile, in a
// fresh process (no other size's JIT or heap state). argv[2]: JSON CompileChildInput; replies on IPC.
import { backEnd } from '../../test/compiler/pipeline.ts';
import { ConfigError } from '../../core/errors.ts';
import { synthetic } from './synthetic.ts';

export interface CompileChildInput {
  readonly mappings: number;
  readonly out: string;
}

export interface CompileChildResult {
  readonly mappings: number;
  readonly files: number;
  /** Wall time of the timed compile. */
  readonly ms: number;
  /** CPU time (user + system) of the timed compile: the machine's other load does not stretch it. */
  readonly cpuMs: number;
}

const input = JSON.parse(process.argv[2] ?? '{}') as CompileChildInput;
backEnd(synthetic(2), input.out); // warm-up (excluded): modules loaded, ts-morph and the checker started
const project = synthetic(input.mappings);
const t0 = performance.now();
const c0 = process.cpuUsage();
const r = backEnd(project, input.out);
const c = process.cpuUsage(c0);
const ms = performance.now() - t0;
if (!r.files)
  throw new ConfigError(
    'FERRY_BENCH_COMPILE',
    `synthetic project of ${input.mappings} did not compile: ${JSON.stringify(r.diagnostics.slice(0, 3))}`,
  );
const result: CompileChildResult = {
  mappings: input.mappings,
  files: r.files.size,
  ms,
  cpuMs: (c.user + c.system) / 1000,
};
process.send?.(result, () => process.disconnect());
