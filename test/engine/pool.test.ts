import { describe, expect, it } from 'vitest';
import { mapBounded } from '../../runtime/engine/pool.ts';
import { RecordError } from '../../core/errors.ts';

describe('mapBounded', () => {
  it('keeps input order and the concurrency bound', async () => {
    let inFlight = 0;
    let peak = 0;
    const out = await mapBounded([5, 1, 4, 2, 3], 2, async (n) => {
      peak = Math.max(peak, ++inFlight);
      await new Promise((r) => setTimeout(r, n));
      inFlight--;
      return n * 10;
    });
    expect(out).toEqual([50, 10, 40, 20, 30]);
    expect(peak).toBe(2);
  });

  it('rejects only after every task already started has finished (no write outlives the run)', async () => {
    let slowDone = false;
    const run = mapBounded([0, 1, 2], 2, async (i) => {
      if (i === 0) {
        await new Promise((r) => setTimeout(r, 50));
        slowDone = true;
        return i;
      }
      throw new RecordError('FERRY_TRANSFORM', `task ${i} failed`);
    });
    await expect(run).rejects.toThrow('task 1 failed');
    expect(slowDone).toBe(true);
  });
});
