// The in-place slot sort: same order as a reference sort, on random, repeated and adversarial inputs.
import { describe, expect, it } from 'vitest';
import { sortSlots } from '../../../runtime/engine/entity/key-index/sort.ts';

/** Slots (hi, lo, payload) from a generator; payload = original position, so no slot is lost or duplicated. */
function slots(n: number, key: (i: number) => [number, number]): Uint32Array {
  const a = new Uint32Array(3 * n);
  for (let i = 0; i < n; i++) a.set([...key(i), i], 3 * i);
  return a;
}

function check(a: Uint32Array): void {
  const n = a.length / 3;
  const ref = Array.from({ length: n }, (_, i) => [a[3 * i]!, a[3 * i + 1]!, a[3 * i + 2]!] as const);
  ref.sort((x, y) => x[0] - y[0] || x[1] - y[1]);
  sortSlots(a, n);
  for (let i = 0; i < n; i++) expect([a[3 * i], a[3 * i + 1]]).toEqual([ref[i]![0], ref[i]![1]]);
  // Every payload once: slots moved whole.
  const seen = new Set<number>();
  for (let i = 0; i < n; i++) seen.add(a[3 * i + 2]!);
  expect(seen.size).toBe(n);
  // Each payload still sits with its own key.
  const byPayload = new Map(ref.map((r) => [r[2], r]));
  for (let i = 0; i < n; i++)
    expect(byPayload.get(a[3 * i + 2]!)?.slice(0, 2)).toEqual([a[3 * i], a[3 * i + 1]]);
}

let seed = 12345;
const rnd = (): number => {
  seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
  return seed;
};

describe('slot sort', () => {
  it('sorts random 64-bit keys, high words above 2^31 included', () =>
    check(slots(20_000, () => [rnd(), rnd()])));
  it('sorts keys that differ only in the low word', () => check(slots(5000, () => [7, rnd()])));
  it('sorts many repeats of few keys, and all-equal keys', () => {
    check(slots(10_000, () => [rnd() % 3, rnd() % 2]));
    check(slots(3000, () => [1, 1]));
  });
  it('sorts sorted, reversed and organ-pipe inputs', () => {
    check(slots(5000, (i) => [i, 0]));
    check(slots(5000, (i) => [5000 - i, 0]));
    check(slots(5000, (i) => [Math.min(i, 5000 - i), i % 2]));
  });
  it('sorts empty, single and tiny inputs', () => {
    for (const n of [0, 1, 2, 3, 17]) check(slots(n, () => [rnd() % 5, 0]));
  });
});
