// In-place sort of 3-word slots by their first two words (unsigned): no order array, no second copy.

const W = 3;
const SMALL = 16;

/** Sorts the first `n` slots of `a` (slot i: words 3i..3i+2) by (word 0, word 1); not stable. */
export function sortSlots(a: Uint32Array, n: number): void {
  // Quicksort, falling back to heapsort past 2 log2 n levels (the worst case stays n log n).
  quick(a, 0, n - 1, 2 * Math.ceil(Math.log2(n + 1)));
}

function cmp(a: Uint32Array, i: number, j: number): number {
  return a[W * i]! - a[W * j]! || a[W * i + 1]! - a[W * j + 1]!;
}

function swap(a: Uint32Array, i: number, j: number): void {
  for (let w = 0; w < W; w++) {
    const t = a[W * i + w]!;
    a[W * i + w] = a[W * j + w]!;
    a[W * j + w] = t;
  }
}

function quick(a: Uint32Array, lo: number, hi: number, depth: number): void {
  while (hi - lo > SMALL) {
    if (depth-- === 0) return heap(a, lo, hi);
    const p = partition(a, lo, hi);
    // Recurse into the smaller side: the stack stays log n deep.
    if (p - lo < hi - p) {
      quick(a, lo, p, depth);
      lo = p + 1;
    } else {
      quick(a, p + 1, hi, depth);
      hi = p;
    }
  }
  insertion(a, lo, hi);
}

/** Hoare partition around the median of three (equal keys split evenly); returns the last index of the left part. */
function partition(a: Uint32Array, lo: number, hi: number): number {
  const mid = (lo + hi) >>> 1;
  if (cmp(a, mid, lo) < 0) swap(a, mid, lo);
  if (cmp(a, hi, lo) < 0) swap(a, hi, lo);
  if (cmp(a, hi, mid) < 0) swap(a, hi, mid);
  const ph = a[W * mid]!;
  const pl = a[W * mid + 1]!;
  let i = lo - 1;
  let j = hi + 1;
  for (;;) {
    do i++;
    while ((a[W * i]! - ph || a[W * i + 1]! - pl) < 0);
    do j--;
    while ((a[W * j]! - ph || a[W * j + 1]! - pl) > 0);
    if (i >= j) return j;
    swap(a, i, j);
  }
}

function insertion(a: Uint32Array, lo: number, hi: number): void {
  for (let i = lo + 1; i <= hi; i++) for (let j = i; j > lo && cmp(a, j, j - 1) < 0; j--) swap(a, j, j - 1);
}

function heap(a: Uint32Array, lo: number, hi: number): void {
  const n = hi - lo + 1;
  for (let i = (n >>> 1) - 1; i >= 0; i--) sift(a, lo, i, n);
  for (let end = n - 1; end > 0; end--) {
    swap(a, lo, lo + end);
    sift(a, lo, 0, end);
  }
}

function sift(a: Uint32Array, lo: number, root: number, n: number): void {
  for (;;) {
    let c = 2 * root + 1;
    if (c >= n) return;
    if (c + 1 < n && cmp(a, lo + c + 1, lo + c) > 0) c++;
    if (cmp(a, lo + root, lo + c) >= 0) return;
    swap(a, lo + root, lo + c);
    root = c;
  }
}
