// Compile benchmark: cold compile of the default mapping set (full pipeline, tenant sandbox), and of
// 10/50/100 generated entity mappings (back end: checkExpressions → lower → emit → check → files).
// Growth should be near-linear: the marginal cost per added mapping stays about constant. Also the
// start-up of the built CLI (`node bin/ferry.js --version`, `validate --tenant sandbox`) as a user sees it.
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { compileProject } from '../compiler/index.ts';
import { runChild } from './support/child.ts';
import type { CompileChildInput, CompileChildResult } from './support/compile-child.ts';
import { leastSquares, median, quantile, range, rotate, seededRandom } from './support/stats.ts';
import type { BenchRun } from './types.ts';

export { synthetic } from './support/synthetic.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const CHILD = fileURLToPath(new URL('./support/compile-child.ts', import.meta.url));
/** Superlinear above this marginal ratio (last step's ms/mapping ÷ first step's). */
const GROWTH_LIMIT = 1.5;
const BOOTSTRAP = 2_000;

/**
 * Back-end CPU ms per size: `reps` interleaved repetitions (the size order rotates each time), each one
 * compile in a fresh process after an untimed warm-up there.
 */
async function measureSizes(sizes: readonly number[], reps: number, out: string) {
  const cpu = new Map<number, number[]>(sizes.map((n) => [n, []]));
  const wall = new Map<number, number[]>(sizes.map((n) => [n, []]));
  const files = new Map<number, number>();
  for (let rep = 0; rep < reps; rep++)
    for (const n of rotate(sizes, rep)) {
      const input: CompileChildInput = { mappings: n, out };
      const r = await runChild<CompileChildResult>(CHILD, input);
      cpu.get(n)?.push(r.cpuMs);
      wall.get(n)?.push(r.ms);
      files.set(n, r.files);
    }
  return { cpu, wall, files };
}

/** Marginal ms/mapping of the last step ÷ that of the first step (1.0 = linear). */
function growthOf(sizes: readonly number[], meds: readonly number[]): number {
  const [n0, n1, n2] = sizes as [number, number, number];
  const [t0, t1, t2] = meds as [number, number, number];
  return (t2 - t1) / (n2 - n1) / ((t1 - t0) / (n1 - n0));
}

/**
 * The noise band of the growth and of the least-squares slope: resample each size's repetitions (with
 * replacement, seeded), recompute the medians, the growth and the slope; the 5th and 95th percentiles.
 */
function bootstrap(sizes: readonly number[], cpu: ReadonlyMap<number, readonly number[]>) {
  const rnd = seededRandom(20261203);
  const growth: number[] = [];
  const slope: number[] = [];
  for (let b = 0; b < BOOTSTRAP; b++) {
    const meds = sizes.map((n) => {
      const xs = cpu.get(n) ?? [];
      return median(xs.map(() => xs[Math.floor(rnd() * xs.length)] as number));
    });
    growth.push(growthOf(sizes, meds));
    slope.push(leastSquares(sizes, meds).slope);
  }
  const band = (xs: number[]): [number, number] => [quantile(xs, 0.05), quantile(xs, 0.95)];
  return { growth: band(growth), slope: band(slope) };
}

async function ms(f: () => unknown): Promise<number> {
  const t = performance.now();
  await f();
  return performance.now() - t;
}

/** Best wall time of `reps` runs of `node bin/ferry.js <args>` (a fresh process each: start-up included). */
function cliMs(args: readonly string[], reps: number): number {
  const runs: number[] = [];
  for (let k = 0; k < reps; k++) {
    const t = performance.now();
    execFileSync(process.execPath, [path.join(root, 'bin', 'ferry.js'), ...args], {
      cwd: root,
      stdio: 'ignore',
    });
    runs.push(performance.now() - t);
  }
  return Math.min(...runs);
}

export const run: BenchRun = async ({ smoke }) => {
  const startup = cliMs(['--version'], smoke ? 1 : 5);
  const validate = cliMs(['validate', '--tenant', 'sandbox'], smoke ? 1 : 5);
  const out = path.join(root, 'dist', 'bench-compile');
  // Cold: the first compile in this process (ts-morph and the TS checker not warmed up yet).
  const cold = await ms(() => compileProject({ root, tenant: 'sandbox', write: false }));
  const warm = await ms(() => compileProject({ root, tenant: 'sandbox', write: false }));
  const sizes = smoke ? [2, 4, 6] : [10, 50, 100];
  const reps = smoke ? 1 : 5;
  const table: (string | number)[][] = [['input', 'ms', 'ms/mapping', 'marginal ms/mapping']];
  table.push([
    'default set, 5 mappings, full pipeline, cold (first in process)',
    Math.round(cold),
    Math.round(cold / 5),
    '',
  ]);
  table.push(['default set, 5 mappings, full pipeline, warm', Math.round(warm), Math.round(warm / 5), '']);
  table.push(['CLI start-up: node bin/ferry.js --version (new process)', Math.round(startup), '', '']);
  table.push([
    'CLI: node bin/ferry.js validate --tenant sandbox (new process)',
    Math.round(validate),
    '',
    '',
  ]);
  const figures: Record<string, number | string | boolean> = {
    defaultColdMs: Math.round(cold),
    defaultWarmMs: Math.round(warm),
    cliStartupMs: Math.round(startup),
    cliValidateMs: Math.round(validate),
  };
  // Method: each size is compiled `reps` times, each in a fresh process, the sizes interleaved; CPU time of
  // the compile (not wall time: other processes on the shared cores do not stretch it); the median per size;
  // a least-squares line through the medians gives the marginal ms per mapping. Near-linear means the last
  // step's marginal cost is within GROWTH_LIMIT× the first step's. Its noise band comes from a bootstrap over
  // the repetitions; the target fails only when the whole 90% band lies above the limit (clearly superlinear),
  // so a noisy run widens the band instead of flipping the verdict.
  const m = await measureSizes(sizes, reps, out);
  const meds = sizes.map((n) => median(m.cpu.get(n) ?? []));
  sizes.forEach((n, i) => {
    const t = meds[i] as number;
    const [lo, hi] = range(m.cpu.get(n) ?? []);
    const prevN = sizes[i - 1];
    const prevT = meds[i - 1];
    const marginal =
      prevN === undefined || prevT === undefined ? '' : Number(((t - prevT) / (n - prevN)).toFixed(1));
    table.push([
      `${n} generated mappings (${m.files.get(n) ?? 0} files), back end, CPU ms median of ${reps} (${Math.round(lo)}–${Math.round(hi)})`,
      Math.round(t),
      Number((t / n).toFixed(1)),
      marginal,
    ]);
    figures[`ms@${n}`] = Math.round(t);
    figures[`ms@${n}.min`] = Math.round(lo);
    figures[`ms@${n}.max`] = Math.round(hi);
    figures[`wallMs@${n}`] = Math.round(median(m.wall.get(n) ?? []));
  });
  const fit = leastSquares(sizes, meds);
  const growth = growthOf(sizes, meds);
  const band = bootstrap(sizes, m.cpu);
  table.push([
    `least-squares line through the medians (90% band of the slope ${band.slope.map((x) => x.toFixed(1)).join('–')})`,
    `${Math.round(fit.intercept)} + ${fit.slope.toFixed(1)}·n`,
    '',
    Number(fit.slope.toFixed(1)),
  ]);
  const clearlyOver = band.growth[0] > GROWTH_LIMIT;
  Object.assign(figures, {
    marginalRatio: Number(growth.toFixed(2)),
    marginalRatioBandLow: Number(band.growth[0].toFixed(2)),
    marginalRatioBandHigh: Number(band.growth[1].toFixed(2)),
    marginalMsPerMapping: Number(fit.slope.toFixed(1)),
    marginalMsBandLow: Number(band.slope[0].toFixed(1)),
    marginalMsBandHigh: Number(band.slope[1].toFixed(1)),
    repetitions: reps,
    method:
      'CPU ms of one back-end compile per fresh process, sizes interleaved; median per size; least-squares slope; 90% bootstrap band; fails only if the whole band exceeds the limit',
  });
  const verdict = clearlyOver
    ? 'superlinear beyond the noise'
    : growth < GROWTH_LIMIT
      ? 'near-linear'
      : 'above the limit but within the noise band';
  return {
    name: 'compile',
    figures,
    table,
    targets: [
      {
        name: 'CLI start-up ≤ 300 ms',
        met: startup <= 300,
        detail: `--version took ${Math.round(startup)} ms`,
      },
      {
        name: 'CLI validate ≤ 1500 ms',
        met: validate <= 1500,
        detail: `validate --tenant sandbox took ${Math.round(validate)} ms`,
      },
      {
        name: `near-linear growth (marginal ratio ≤ ${GROWTH_LIMIT}, unless noise)`,
        met: !clearlyOver,
        detail: `marginal ms/mapping ${sizes[1]}→${sizes[2]} ÷ ${sizes[0]}→${sizes[1]} = ${growth.toFixed(2)}, 90% band ${band.growth.map((x) => x.toFixed(2)).join('–')} (${verdict}; fails only when the whole band is above ${GROWTH_LIMIT})`,
      },
    ],
  };
};
