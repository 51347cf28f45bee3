// The full re-read benchmark at smoke size: a re-read with nothing changed writes nothing and, after an
// expired delta token, looks nothing up (the seed data holds records Campaign refuses: they stay parked).
import { describe, expect, it } from 'vitest';
import { run } from '../../bench/reread.ts';

describe('bench: reread (smoke)', () => {
  it('reads every row again and spends no Campaign write on unchanged records', async () => {
    const r = await run({ smoke: true });
    const f = r.figures;
    expect(f['expired.unchanged.read']).toBe(f['records']);
    expect(f['expired.unchanged.writes']).toBe(0);
    expect(f['expired.unchanged.lookups']).toBe(0);
    expect(f['expired.unchanged.recordCalls']).toBe(0);
    expect(f['replay.unchanged.writes']).toBe(0);
    expect(f['expired.changed.writes']).toBeGreaterThan(0);
    expect(r.targets?.every((t) => t.met)).toBe(true);
  }, 120_000);
});
