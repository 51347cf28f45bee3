// The sync benchmark at smoke size: emulators in a child process, all four runs, figures of the right shape.
import { describe, expect, it } from 'vitest';
import { run } from '../../bench/sync.ts';

describe('bench: sync (smoke)', () => {
  it('runs the initial load, a 1% incremental pass, event write-back and a 429 storm', async () => {
    const r = await run({ smoke: true });
    const f = r.figures;
    expect(r.name).toBe('sync');
    expect(f['initial.records']).toBe(500);
    expect(f['initial.created']).toBeGreaterThan(400);
    // One listing, then one call per record written (no lookup before each create).
    expect(f['initial.keyListing']).toBe(true);
    expect(f['initial.recordCallsPerWrite']).toBeLessThanOrEqual(1);
    expect(f['initial.campaignCallsPerRecord']).toBeLessThan(1.1);
    expect(f['initial.utilisation']).toBeGreaterThan(0);
    // The bare client sent ferry's mix: the probe, the listing pages and its 300 POSTs.
    expect(f['raw.calls']).toBeGreaterThanOrEqual(300 + (f['initial.listingCalls'] as number));
    expect(f['raw.created']).toBeGreaterThan(200);
    expect(f['initial.vsRawClient']).toBeGreaterThan(0);
    // Every 100th of 500 contacts changed: exactly those are read, at most a lookup and a PATCH each.
    expect(f['incremental.changed']).toBe(5);
    expect(f['incremental.read']).toBe(5);
    expect(f['incremental.recordCalls']).toBeLessThanOrEqual(10);
    expect(f['events.events']).toBeGreaterThanOrEqual(1_000);
    expect(f['events.written']).toBeGreaterThan(0);
    expect(f['events.dynamicsRequests']).toBeGreaterThan(0);
    expect(f['storm.records']).toBe(500);
    expect(f['storm.throttled']).toBeGreaterThan(0);
    expect(typeof f['storm.wastedDuringPause']).toBe('number');
    expect(r.targets).toHaveLength(7);
  }, 120_000);
});
