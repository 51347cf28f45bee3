// Seeded PRNG (mulberry32) so data generation and fault injection are reproducible.
export type RandomFn = () => number;

/** Returns a function yielding floats in [0, 1) determined entirely by `seed`. */
export function mulberry32(seed: number): RandomFn {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Hashes a string (FNV-1a) into a 32-bit seed; numbers pass through. */
export function toSeed(seed: number | string): number {
  if (typeof seed === 'number') return seed >>> 0;
  let h = 0x811c9dc5;
  for (let i = 0; i < seed.length; i++) {
    h ^= seed.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

export class Rng {
  private readonly fn: RandomFn;
  constructor(seed: number | string) {
    this.fn = mulberry32(toSeed(seed));
  }
  next(): number {
    return this.fn();
  }
  /** Integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.fn() * n);
  }
  chance(p: number): boolean {
    return p > 0 && this.fn() < p;
  }
  pick<T>(items: readonly T[]): T {
    const item = items[this.int(items.length)];
    if (item === undefined) throw new RangeError('pick() from an empty list');
    return item;
  }
  /** A random v4-shaped GUID in lower case (Dynamics' wire form). */
  guid(): string {
    const hex: string[] = [];
    for (let i = 0; i < 32; i++) hex.push(this.int(16).toString(16));
    hex[12] = '4';
    hex[16] = ((this.int(4) + 8) as number).toString(16);
    const s = hex.join('');
    return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
  }
}
