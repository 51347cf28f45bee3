// The transform benchmark's interleaving protocol with fake processes: units alternate C,H | H,C | …, each
// ratio pairs the two units that ran next to each other, every process is closed, and differing output
// hashes fail the run. Plus the two-stage bootstrap band it reports.
import { describe, expect, it } from 'vitest';
import { OutputMismatchError } from '../../bench/support/compare.ts';
import {
  firstOf,
  runInterleaved,
  type TimedImpl,
  type TimedProcess,
} from '../../bench/support/interleave.ts';
import { bootstrapMedianBand } from '../../bench/support/stats.ts';

/** A fake process whose k-th unit takes cpu(k) ms; every call is logged in one shared timeline. */
function fake(
  impl: TimedImpl,
  log: string[],
  cpu: (k: number) => number,
  hash = 'h',
): TimedProcess & { closed: boolean } {
  let k = 0;
  const p = {
    closed: false,
    unit: () => {
      log.push(`${impl[0]}${k}`);
      const ms = cpu(k++);
      return Promise.resolve({ cpuMs: ms, wallMs: 2 * ms });
    },
    hash: () => Promise.resolve(hash),
    close: () => {
      p.closed = true;
      return Promise.resolve();
    },
  };
  return p;
}

describe('bench: interleaved transform units', () => {
  it('alternates who goes first (C,H | H,C | …), mirrored in odd process pairs', () => {
    expect([0, 1, 2, 3].map((u) => firstOf(0, u))).toEqual([
      'compiled',
      'handwritten',
      'compiled',
      'handwritten',
    ]);
    expect([0, 1].map((u) => firstOf(1, u))).toEqual(['handwritten', 'compiled']);
  });

  it('runs one unit at a time in the C, H, H, C order and pairs each unit with its neighbour', async () => {
    const log: string[] = [];
    const procs: (TimedProcess & { closed: boolean })[] = [];
    // Compiled unit k takes 10 ms; hand-written unit k takes 10·(k+1) ms: pair k's ratio is k+1.
    const run = await runInterleaved({ pairs: 2, units: 3 }, (impl) => {
      const p = fake(impl, log, impl === 'compiled' ? () => 10 : (k) => 10 * (k + 1));
      procs.push(p);
      return Promise.resolve(p);
    });
    expect(log).toEqual(['c0', 'h0', 'h1', 'c1', 'c2', 'h2', 'h0', 'c0', 'c1', 'h1', 'h2', 'c2']);
    expect(run.pairs.map((p) => p.first)).toEqual([
      ['compiled', 'handwritten', 'compiled'],
      ['handwritten', 'compiled', 'handwritten'],
    ]);
    expect(run.pairs.map((p) => p.ratios)).toEqual([
      [1, 2, 3],
      [1, 2, 3],
    ]);
    expect(run.pairs[0]?.wallRatios).toEqual([1, 2, 3]);
    expect(run.hashes).toEqual(['h', 'h', 'h', 'h']);
    expect(procs.map((p) => p.closed)).toEqual([true, true, true, true]);
  });

  it('rejects a run whose processes hash their outputs differently, after closing them and explaining', async () => {
    let explained = 0;
    const procs: (TimedProcess & { closed: boolean })[] = [];
    const run = runInterleaved(
      { pairs: 3, units: 1 },
      (impl) => {
        const p = fake(impl, [], () => 1, impl === 'handwritten' && procs.length >= 2 ? 'other' : 'h');
        procs.push(p);
        return Promise.resolve(p);
      },
      () => Promise.resolve(void explained++),
    );
    await expect(run).rejects.toThrow(OutputMismatchError);
    await expect(run).rejects.toThrow(/hashes differ between the 4 transform processes/);
    // Stopped at the second process pair, whose processes were closed; the third never started.
    expect(procs).toHaveLength(4);
    expect(procs.every((p) => p.closed)).toBe(true);
    expect(explained).toBe(1);
  });

  it('closes the process that started when its partner fails to start', async () => {
    const started: (TimedProcess & { closed: boolean })[] = [];
    const run = runInterleaved({ pairs: 1, units: 1 }, (impl) => {
      if (impl === 'handwritten') return Promise.reject(new Error('no child'));
      const p = fake(impl, [], () => 1);
      started.push(p);
      return Promise.resolve(p);
    });
    await expect(run).rejects.toThrow('no child');
    expect(started.map((p) => p.closed)).toEqual([true]);
  });
});

describe('bench: two-stage bootstrap band', () => {
  const o = { samples: 2_000, seed: 7, lo: 0.05, hi: 0.95 };

  it('is reproducible and brackets the median', () => {
    const groups = [
      [1.0, 1.1, 0.9, 1.05],
      [1.2, 1.15, 1.1, 1.25],
    ];
    const band = bootstrapMedianBand(groups, o);
    expect(bootstrapMedianBand(groups, o)).toEqual(band);
    expect(band[0]).toBeLessThanOrEqual(1.1);
    expect(band[1]).toBeGreaterThanOrEqual(1.1);
  });

  it('widens when the groups disagree, which a plain bootstrap of all the values hides less', () => {
    // Two process pairs, each tight, far apart: resampling the groups must reach both levels.
    const groups = [Array<number>(9).fill(0.8), Array<number>(9).fill(1.2)];
    const [lo, hi] = bootstrapMedianBand(groups, o);
    expect(lo).toBe(0.8);
    expect(hi).toBe(1.2);
    const [ulo, uhi] = bootstrapMedianBand([groups.flat()], o);
    expect(uhi - ulo).toBeLessThanOrEqual(hi - lo);
  });
});
