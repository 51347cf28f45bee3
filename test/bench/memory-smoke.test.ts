// The memory benchmark at smoke size: two syncs in their own child processes, peak RSS of each.
import { describe, expect, it } from 'vitest';
import { run } from '../../bench/memory.ts';

describe('bench: memory (smoke)', () => {
  it('measures peak RSS of a 1,000 and a 5,000 contact sync in separate processes', async () => {
    const r = await run({ smoke: true });
    const f = r.figures;
    expect(r.name).toBe('memory');
    expect(f['smallRecords']).toBe(1_000);
    expect(f['largeRecords']).toBe(5_000);
    expect(f['smallPeakRssMb']).toBeGreaterThan(20);
    expect(f['largePeakRssMb']).toBeGreaterThan(20);
    expect(f['large/small']).toBeGreaterThan(0);
    expect(f['largeLiveHeapAfterMb']).toBeGreaterThan(1);
    // Every created or matched contact has one ledger row; the state file holds at least those rows.
    expect(f['largeLedgerRows']).toBeGreaterThan(4_000);
    expect(f['largeStateBytesPerRow']).toBeGreaterThan(16);
    expect(f['largeFerryCpuUsPerRecord']).toBeGreaterThan(0);
    expect(f['largeEmulatorCpuUsPerRecord']).toBeGreaterThan(0);
    expect(r.targets?.map((t) => t.name)).toEqual([
      'flat memory: peak RSS ratio ≤ 1.3',
      'retained heap flat (≤ 1.3)',
      'peak RSS ≤ 300 MB',
    ]);
  }, 120_000);
});
