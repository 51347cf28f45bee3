import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FaultInjector, type FaultRule } from '../../emulators/common/faults.ts';
import { startTestDynamics, type TestDynamics } from './dynamics-fixture.ts';

const rules: FaultRule[] = [
  {
    method: 'GET',
    path: '/api/data/v9.2/contacts',
    errorRate: 0.3,
    errorStatus: 503,
    resetRate: 0.1,
    stormRate: 0.1,
    stormLength: 3,
    retryAfterSeconds: 2,
  },
];

/** Outcome of each of `n` sequential requests: status code, or 'reset' for a dropped connection. */
async function outcomes(t: TestDynamics, n: number): Promise<(number | string)[]> {
  const out: (number | string)[] = [];
  for (let i = 0; i < n; i++) {
    try {
      const r = await t.api('GET', 'contacts?$top=1');
      await r.arrayBuffer();
      out.push(r.status);
    } catch {
      out.push('reset');
    }
  }
  return out;
}

describe('Dynamics emulator: fault injection', () => {
  let a: TestDynamics;
  let b: TestDynamics;
  beforeAll(async () => {
    a = await startTestDynamics({ faults: { seed: 'abc', rules } });
    b = await startTestDynamics({ faults: { seed: 'abc', rules } });
  });
  afterAll(async () => {
    await a.emu.close();
    await b.emu.close();
  });

  it('is reproducible from the seed and mixes 5xx, resets and 429 storms', async () => {
    const x = await outcomes(a, 60);
    const y = await outcomes(b, 60);
    expect(x).toEqual(y);
    expect(x).toContain(200);
    expect(x).toContain(503);
    expect(x).toContain('reset');
    expect(x).toContain(429);
    // A storm answers stormLength consecutive 429s.
    const i = x.indexOf(429);
    expect(x.slice(i, i + 3)).toEqual([429, 429, 429]);
  });

  it('leaves other routes alone', async () => {
    const r = await a.api('GET', 'accounts');
    expect(r.status).toBe(200);
  });

  it('a different seed gives a different sequence', () => {
    const seq = (seed: string) => {
      const f = new FaultInjector({ seed, rules });
      return Array.from({ length: 40 }, () => f.decide('GET', '/api/data/v9.2/contacts').action.kind);
    };
    expect(seq('abc')).toEqual(seq('abc'));
    expect(seq('abc')).not.toEqual(seq('xyz'));
  });

  it('commit-then-drop: the write happens but the client never gets the response', async () => {
    const t = await startTestDynamics({
      faults: {
        seed: 1,
        rules: [{ method: 'POST', path: '/api/data/v9.2/contacts', dropAfterCommitRate: 1 }],
      },
    });
    try {
      await expect(t.api('POST', 'contacts', { body: { lastname: 'Dropped' } })).rejects.toThrow();
      const rows = [...(t.emu.store.table('contact')?.rows.values() ?? [])];
      expect(rows.map((r) => r['lastname'])).toEqual(['Dropped']);
      expect(t.emu.faults.counts.drop).toBe(1);
    } finally {
      await t.emu.close();
    }
  });

  it('injected 429s carry Retry-After and the request-limit body', async () => {
    const t = await startTestDynamics({
      faults: { rules: [{ path: '/api/data/v9.2/', stormRate: 1, stormLength: 1, retryAfterSeconds: 7 }] },
    });
    try {
      const r = await t.api('GET', 'contacts');
      expect(r.status).toBe(429);
      expect(r.headers.get('retry-after')).toBe('7');
      expect(((await r.json()) as { error: { code: string } }).error.code).toBe('0x80072322');
    } finally {
      await t.emu.close();
    }
  });
});
