// The scale benchmark at smoke size (4,000 records, windows of 1,000), and its place outside the default set.
import { describe, expect, it, vi } from 'vitest';
import { main } from '../../bench/main.ts';
import { run } from '../../bench/scale.ts';

describe('bench: scale (smoke)', () => {
  it('reports a window per 1,000 records written, the verdicts and the key index size', async () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    try {
      const r = await run({ smoke: true });
      expect(r.name).toBe('scale');
      const records = Number(r.figures['records']);
      // Seeded contacts the mapping skips (no usable email) are not written.
      expect(records).toBeGreaterThan(3_000);
      expect(r.table[0]).toContain('records/s');
      const windows = r.table.slice(1).map((row) => Number(String(row[0]).replace(/,/g, '')));
      expect(windows.slice(0, 3)).toEqual([1_000, 2_000, 3_000]);
      expect(Number(r.figures['peakRssMb'])).toBeGreaterThan(0);
      expect(Number(r.figures['finalEmulatorRssMb'])).toBeGreaterThan(0);
      expect(Number(r.figures['keyIndexBytesPerRecord'])).toBe(12);
      expect(Number(r.figures['keyIndexPeakBytesPerRecord'])).toBe(12);
      expect(Number(r.figures['keyIndexFileBytesPerRecord'])).toBeGreaterThan(
        16 + Number(r.figures['keyIndexPkeyBytesPerRecord']) - 1,
      );
      expect(r.targets?.map((t) => t.name.split(':')[0])).toEqual([
        'flat memory',
        'key index',
        'peak RSS <= 300 MB',
        'steady throughput',
        'steady CPU cost',
      ]);
    } finally {
      log.mockRestore();
    }
  }, 180_000);

  it('is left out of a plain `npm run bench` and listed as run by name', async () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    try {
      expect(await main(['--help'])).toBe(0);
      const text = log.mock.calls.flat().join('\n');
      expect(text).toMatch(/^benchmarks: (?!.*scale)(?!.*events-filed).*$/m);
      expect(text).toMatch(/not in the default set \(run by name\): events-filed, scale/);
    } finally {
      log.mockRestore();
    }
  });
});
