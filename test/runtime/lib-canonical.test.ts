// The fast paths of codepointCompare and canonicalJson give exactly what the plain definitions give.
import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../runtime/lib/hash.ts';
import { codepointCompare } from '../../runtime/lib/sort.ts';

/** Definition: compare the arrays of code points (lone surrogates count as themselves). */
function reference(a: string, b: string): number {
  const x = Array.from(a, (c) => c.codePointAt(0) ?? 0);
  const y = Array.from(b, (c) => c.codePointAt(0) ?? 0);
  for (let i = 0; i < Math.min(x.length, y.length); i++)
    if (x[i] !== y[i]) return (x[i] ?? 0) < (y[i] ?? 0) ? -1 : 1;
  return x.length === y.length ? 0 : x.length < y.length ? -1 : 1;
}

/** The canonical JSON as first written: sorted keys, arrays joined, no whitespace. */
function plainCanonical(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'number') return Number.isFinite(v) ? JSON.stringify(v) : 'null';
  if (typeof v === 'string' || typeof v === 'boolean') return JSON.stringify(v);
  if (v instanceof Date) return JSON.stringify(v.toISOString());
  if (Array.isArray(v)) return `[${v.map(plainCanonical).join(',')}]`;
  const o = v as Record<string, unknown>;
  const keys = Object.keys(o).sort(reference);
  return `{${keys.map((k) => `${JSON.stringify(k)}:${plainCanonical(o[k])}`).join(',')}}`;
}

// Units chosen to hit every case: ASCII, BMP above the surrogates, high and low surrogates (paired or lone).
const UNITS = [0x41, 0x42, 0x7a, 0xe9, 0xd7ff, 0xd800, 0xdbff, 0xdc00, 0xdfff, 0xe000, 0xfffd, 0xffff];
let seed = 12345;
const rand = (n: number): number => {
  seed = (seed * 1103515245 + 12345) & 0x7fffffff;
  return seed % n;
};
const randomString = (): string =>
  String.fromCharCode(...Array.from({ length: rand(5) }, () => UNITS[rand(UNITS.length)] ?? 0x41));

describe('codepoint order and canonical JSON', () => {
  it('codepointCompare agrees with the code point definition on 50,000 pairs with surrogates', () => {
    for (let i = 0; i < 50_000; i++) {
      const a = randomString();
      const b = rand(4) === 0 ? a + randomString() : randomString();
      expect([a, b, codepointCompare(a, b)]).toEqual([a, b, reference(a, b)]);
    }
  });

  it('canonicalJson equals the plain definition on nested values', () => {
    const value = (depth: number): unknown => {
      switch (rand(depth > 2 ? 6 : 8)) {
        case 0:
          return null;
        case 1:
          return rand(2) === 0 ? rand(1000) / 7 : Number.NaN;
        case 2:
          return randomString();
        case 3:
          return rand(2) === 0;
        case 4:
          return undefined;
        case 5:
          return new Date(rand(1_000_000) * 1_000_000);
        case 6:
          return Array.from({ length: rand(4) }, () => value(depth + 1));
        default:
          return Object.fromEntries(
            Array.from({ length: rand(5) }, () => [randomString(), value(depth + 1)]),
          );
      }
    };
    for (let i = 0; i < 5_000; i++) {
      const v = value(0);
      expect(canonicalJson(v)).toBe(plainCanonical(v));
    }
    expect(canonicalJson({ b: 1, a: [1, 'x', null], c: { z: true, y: undefined } })).toBe(
      '{"a":[1,"x",null],"b":1,"c":{"y":null,"z":true}}',
    );
  });
});
