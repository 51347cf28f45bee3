// Small statistics and timing helpers shared by the benchmarks.
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
