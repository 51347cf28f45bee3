// The transform benchmark at smoke size, and the checks every benchmark relies on (they must be able to fail).
import { describe, expect, it } from 'vitest';
import { run } from '../../bench/transform.ts';
import { assertSameOutputs, OutputMismatchError } from '../../bench/support/compare.ts';
import { handwrittenTransform, jsonataTransform } from '../../bench/support/contact-baselines.ts';
import { analysePauses } from '../../bench/support/pauses.ts';
import { contactAt } from '../../emulators/seed/index.ts';

describe('bench: transform (smoke)', () => {
  it('times compiled and hand-written in their own processes, compares every output and reports the ratios', async () => {
    const r = await run({ smoke: true });
    expect(r.name).toBe('transform');
    expect(r.figures['records']).toBe(10_000);
    expect(r.figures['checkedIdentical']).toBe(10_000);
    expect(r.figures['identicalOutputs']).toBe(true);
    for (const k of [
      'compiledPerSec',
      'jsonataPerSec',
      'handwrittenPerSec',
      'compiled/jsonata',
      'compiled/handwritten',
    ]) {
      expect(r.figures[k], k).toBeGreaterThan(0);
    }
    expect(r.figures['processes']).toBe(4);
    // 2 process pairs × 3 interleaved unit pairs, each process pair's median inside the overall spread.
    expect(r.figures['adjacentPairs']).toBe(6);
    expect(r.figures['compiled/handwritten.processPairMin']).toBeGreaterThanOrEqual(
      r.figures['compiled/handwritten.pairedMin'] as number,
    );
    expect(r.figures['compiled/handwritten.processPairMax']).toBeLessThanOrEqual(
      r.figures['compiled/handwritten.pairedMax'] as number,
    );
    expect(r.figures['gcBetweenUnits']).toBe(true);
    expect(r.figures['compiled/handwritten.bandLow']).toBeLessThanOrEqual(
      r.figures['compiled/handwritten.bandHigh'] as number,
    );
    expect(r.figures['compiled/handwritten.pairedMin']).toBeLessThanOrEqual(
      r.figures['compiled/handwritten.pairedMax'] as number,
    );
    expect(r.targets?.map((t) => t.name)).toEqual([
      'compiled ≥ 0.9 × hand-written',
      'compiled ≥ 30 × JSONata',
      'identical output on every record',
    ]);
    expect(r.table[0]?.length).toBeGreaterThan(1);
  }, 60_000);
});

describe('bench: identical-output check', () => {
  const rows = Array.from({ length: 50 }, (_, i) => contactAt(3, i));

  it('passes when outputs agree up to key order', () => {
    const a = rows.map(handwrittenTransform);
    const b = a.map((o) => Object.fromEntries(Object.entries(o).reverse()));
    expect(assertSameOutputs({ compiled: a, other: b }, 'compiled')).toBe(50);
  });

  it('fails on the first record that differs, naming it', () => {
    const a = rows.map(handwrittenTransform);
    const b = a.map((o, i) => (i === 17 ? { ...o, email: 'x' } : o));
    expect(() => assertSameOutputs({ compiled: a, other: b }, 'compiled', 1000)).toThrow(OutputMismatchError);
    expect(() => assertSameOutputs({ compiled: a, other: b }, 'compiled', 1000)).toThrow(
      /record 1017: other/,
    );
  });

  it('fails when an implementation drops a field or a record', () => {
    const a = rows.map(handwrittenTransform);
    const dropped = a.map(({ phone: _p, ...rest }) => rest);
    expect(() => assertSameOutputs({ compiled: a, other: dropped }, 'compiled')).toThrow(OutputMismatchError);
    expect(() => assertSameOutputs({ compiled: a, other: a.slice(1) }, 'compiled')).toThrow(/49 records/);
  });

  it('the JSONata baseline agrees with the hand-written one on seed data (nulls included)', async () => {
    const j = jsonataTransform();
    const out = await Promise.all(rows.map((r) => j(r)));
    expect(assertSameOutputs({ hand: rows.map(handwrittenTransform), jsonata: out }, 'hand')).toBe(50);
  });
});

describe('bench: pause analysis', () => {
  it('counts requests arriving inside a Retry-After window, sparing the in-flight grace and the window edges', () => {
    const t0 = 1_000_000;
    const log = {
      throttledAt: [t0],
      retryAfter: [1],
      t: [t0 - 5, t0 + 20, t0 + 300, t0 + 700, t0 + 998, t0 + 1001],
    };
    const a = analysePauses(log);
    expect(a).toMatchObject({ throttled: 1, windows: 1, pausedMs: 1000, inFlight: 1, wasted: 2 });
    expect(a.wastedOffsetsMs).toEqual([300, 700]);
  });

  it('merges overlapping 429s into one window', () => {
    const t0 = 5_000;
    const a = analysePauses({ throttledAt: [t0, t0 + 400], retryAfter: [1, 1], t: [t0 + 1200] });
    expect(a).toMatchObject({ windows: 1, pausedMs: 1400, wasted: 1 });
  });
});
