import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestDynamics, type TestDynamics } from './dynamics-fixture.ts';

let t: TestDynamics;
beforeAll(async () => {
  t = await startTestDynamics();
});
afterAll(async () => t.emu.close());

describe('Dynamics emulator: sandbox control surface (/_sandbox/, not a Dynamics path)', () => {
  it('inserts, reads and deletes rows directly, and reports counters', async () => {
    const id = '12345678-1234-4234-8234-123456789012';
    const ins = await fetch(`${t.emu.url}/_sandbox/tables/contact/rows`, {
      method: 'POST',
      body: JSON.stringify([{ contactid: id, lastname: 'Direct' }]),
    });
    expect(await ins.json()).toEqual({ count: 1, ids: [id] });
    const api = await t.api('GET', `contacts(${id})?$select=lastname`);
    expect(((await api.json()) as { lastname: string }).lastname).toBe('Direct');
    const row = (await (await fetch(`${t.emu.url}/_sandbox/tables/contact/rows/${id}`)).json()) as Record<
      string,
      unknown
    >;
    expect(row['lastname']).toBe('Direct');
    expect(
      (await fetch(`${t.emu.url}/_sandbox/tables/contact/rows/${id}`, { method: 'DELETE' })).status,
    ).toBe(204);
    expect(t.emu.store.get('contact', id)).toBeUndefined();
    const c = (await (await fetch(`${t.emu.url}/_sandbox/counters`)).json()) as {
      requests: number;
      byRoute: Record<string, number>;
      writes: number;
    };
    expect(c.byRoute['GET contacts']).toBe(1);
    expect(c.writes).toBe(2);
  });

  it('advances the clock and replaces fault rules', async () => {
    const before = t.emu.clock.now();
    await fetch(`${t.emu.url}/_sandbox/clock/advance`, {
      method: 'POST',
      body: JSON.stringify({ ms: 3_600_000 }),
    });
    expect(t.emu.clock.now() - before).toBeGreaterThanOrEqual(3_600_000);
    await fetch(`${t.emu.url}/_sandbox/faults`, {
      method: 'PUT',
      body: JSON.stringify({
        seed: 1,
        rules: [{ path: '/api/data/v9.2/accounts', errorRate: 1, errorStatus: 502 }],
      }),
    });
    expect((await t.api('GET', 'accounts')).status).toBe(502);
    await fetch(`${t.emu.url}/_sandbox/faults`, { method: 'PUT', body: JSON.stringify({ rules: [] }) });
    expect((await t.api('GET', 'accounts')).status).toBe(200);
  });
});
