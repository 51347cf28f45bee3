// The events and ledger benchmarks at smoke size, and `npm run bench -- --help`.
import { describe, expect, it, vi } from 'vitest';
import { run as events } from '../../bench/events.ts';
import { run as ledger } from '../../bench/ledger.ts';
import { main } from '../../bench/main.ts';

describe('bench: events and ledger (smoke)', () => {
  it('events: the old settings and the defaults write every event, the defaults in fewer requests', async () => {
    const r = await events({ smoke: true });
    expect(r.figures['baseline.writes']).toBeGreaterThan(0);
    // Each pass gets its own fresh deliveries (other events), so the counts are close, not equal.
    const ratio = Number(r.figures['current.writes']) / Number(r.figures['baseline.writes']);
    expect(ratio).toBeGreaterThan(0.9);
    expect(ratio).toBeLessThan(1.1);
    expect(Number(r.figures['current.requestsPer100'])).toBeLessThan(
      Number(r.figures['baseline.requestsPer100']),
    );
    // Requests per 100 events only: the events/s target is against the filed tree (events-filed), and no
    // verdict is given against a recorded figure.
    expect(r.targets?.map((t) => t.name)).toEqual(['events: ≤ 0.2 Dynamics requests per 100 events']);
    expect(Number(r.figures['speedup'])).toBeGreaterThan(0);
    expect(Object.keys(r.figures).filter((k) => k.startsWith('mainBefore'))).toEqual([]);
  }, 120_000);

  it('ledger: the compact layout takes less than a third of the old one per record', async () => {
    const r = await ledger({ smoke: true });
    expect(r.figures['records']).toBe(5_000);
    expect(Number(r.figures['now.bytesPerRecord'])).toBeLessThan(
      Number(r.figures['before.bytesPerRecord']) / 3,
    );
    expect(Number(r.figures['migrated.bytesPerRecord'])).toBeLessThan(
      Number(r.figures['before.bytesPerRecord']) / 3,
    );
  }, 60_000);

  it('--help lists the benchmarks and runs none', async () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    try {
      expect(await main(['--help'])).toBe(0);
      expect(log.mock.calls.flat().join('\n')).toMatch(/benchmarks: .*events.*ledger.*transform/);
      expect(log.mock.calls.flat().join('\n')).not.toMatch(/==/);
    } finally {
      log.mockRestore();
    }
  });
});
