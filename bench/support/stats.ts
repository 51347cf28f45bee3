// Small statistics and timing helpers shared by the benchmarks.
import { mulberry32 } from '../../emulators/common/prng.ts';

export function median(xs: readonly number[]): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
}

/** Rounds to `digits` significant digits (figures in JSON stay readable). */
export const sig = (n: number, digits = 3): number =>
  Number.isFinite(n) && n !== 0 ? Number(n.toPrecision(digits)) : n;

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Rotates `items` by `k` (alternating run order between rounds). */
export const rotate = <T>(items: readonly T[], k: number): T[] =>
  items.map((_, i) => items[(i + k) % items.length] as T);

/** Smallest and largest value (the spread reported beside a median). */
export const range = (xs: readonly number[]): [number, number] => [Math.min(...xs), Math.max(...xs)];

/** Ratios of paired repetitions: a[i] / b[i]. */
export const pairedRatios = (a: readonly number[], b: readonly number[]): number[] =>
  a.map((x, i) => x / (b[i] ?? NaN));

/** Least-squares line y = intercept + slope·x. */
export function leastSquares(
  xs: readonly number[],
  ys: readonly number[],
): { slope: number; intercept: number } {
  const n = xs.length;
  const mx = xs.reduce((a, b) => a + b, 0) / n;
  const my = ys.reduce((a, b) => a + b, 0) / n;
  let sxy = 0;
  let sxx = 0;
  xs.forEach((x, i) => {
    sxy += (x - mx) * ((ys[i] as number) - my);
    sxx += (x - mx) ** 2;
  });
  const slope = sxy / sxx;
  return { slope, intercept: my - slope * mx };
}

/** The q-quantile (0..1) of `xs`, linear between order statistics. */
export function quantile(xs: readonly number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  const at = (s.length - 1) * q;
  const lo = Math.floor(at);
  const hi = Math.ceil(at);
  return (s[lo] as number) + ((s[hi] as number) - (s[lo] as number)) * (at - lo);
}

/** Seeded PRNG in [0, 1) (the emulators' mulberry32): a bootstrap gives the same band for the same measurements. */
export const seededRandom = mulberry32;

/**
 * Seeded bootstrap band (quantiles `lo`, `hi`) of the median of all values, resampling in two stages: the
 * groups (e.g. processes, whose own bias is then counted), then the values within each drawn group. With one
 * group it is the plain bootstrap of the median.
 */
export function bootstrapMedianBand(
  groups: readonly (readonly number[])[],
  o: { readonly samples: number; readonly seed: number; readonly lo: number; readonly hi: number },
): [number, number] {
  const rnd = seededRandom(o.seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)] as T;
  const resample = (): number[] =>
    groups.flatMap(() => {
      const g = pick(groups);
      return g.map(() => pick(g));
    });
  const meds = Array.from({ length: o.samples }, () => median(resample()));
  return [quantile(meds, o.lo), quantile(meds, o.hi)];
}
