// The benchmark emulator host, in one process or with Dynamics and Campaign in a process each.
import { describe, expect, it } from 'vitest';
import { startEmulatorHost } from '../../bench/support/emulator-client.ts';

describe('bench: emulator host', () => {
  for (const split of [false, true]) {
    it(`${split ? 'two processes' : 'one process'}: every service answers, commands reach their side, counters add up`, async () => {
      const host = await startEmulatorHost({ seed: 3, contacts: 20, latencyMs: 0, split });
      try {
        expect(host.pids).toHaveLength(split ? 2 : 1);
        expect(new Set(host.pids).size).toBe(host.pids.length);
        expect(host.pid).toBe(host.pids[0]);
        const { dynamics, campaign } = host.info;
        for (const url of [
          dynamics.url,
          dynamics.tokenUrl,
          campaign.url,
          campaign.imsTokenUrl,
          campaign.journalUrl,
        ])
          expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+/);
        // Journal (Campaign side) and contacts (Dynamics side).
        expect(await host.deliver(10, 30)).toBeGreaterThanOrEqual(30);
        expect(await host.touch(5, 1)).toBe(4);
        expect(await host.deltaMaxAge(-1)).toBeNull();
        expect(await host.log(true)).toBeNull();
        expect((await host.log(false)).t).toEqual([]);
        const c = await host.counters();
        expect(c.journalSize).toBeGreaterThanOrEqual(30);
        expect(c.dynamics.requests).toBe(0);
        expect(c.campaign.requests).toBe(0);
        expect(c.cpuMs).toBeGreaterThan(0);
        expect(c.rssMb).toBeGreaterThan(0);
      } finally {
        await host.close();
      }
    }, 60_000);
  }
});
