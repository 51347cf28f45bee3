// An expired journal position over HTTP: the events flow fails loudly, --reset-position recovers.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { offsetClock, type ManualClock } from '../../emulators/common/clock.ts';
import { startSandbox, type Sandbox } from '../../emulators/sandbox/index.ts';
import type { Runtime } from '../../runtime/index.ts';
import { compileSandbox, sandboxRuntime } from './integration/setup.ts';

let sb: Sandbox;
let rt: Runtime;
let clock: ManualClock;
const DAY = 24 * 3600 * 1000;

const profiles = (n: number) =>
  [...sb.campaign.store.table('profile').scan()]
    .filter((p) => typeof p.fields['externalId'] === 'string' && typeof p.fields['email'] === 'string')
    .slice(0, n)
    .map((p) => ({
      PKey: p.pkey,
      externalId: String(p.fields['externalId']),
      email: String(p.fields['email']),
    }));
const sends = () => sb.dynamics.store.table('ferry_emailsend')?.rows.size ?? 0;

beforeAll(async () => {
  clock = offsetClock();
  sb = await startSandbox({ contacts: 40, seed: 5, clock });
  rt = await sandboxRuntime(sb.info, await compileSandbox(), 'sqlite::memory:');
});
afterAll(async () => {
  await rt?.close();
  await sb?.close();
});

describe('journal retention over HTTP', () => {
  it('fails with a clear message when events after the position expired; oldest/latest resets recover', async () => {
    const first = await rt.runOnce({ mode: 'incremental', flows: ['email-events'] });
    expect(first.flows[0]?.outcome).toBe('ok');
    const written = sends();
    // Events arrive, then ferry stays down longer than the 7-day retention.
    sb.journal.deliver({ seed: 9, profiles: profiles(10) });
    clock.advance(8 * DAY);
    const r = await rt.runOnce({ mode: 'incremental', flows: ['email-events'] });
    expect(r.flows[0]).toMatchObject({ outcome: 'failed', errorCode: 'FERRY_JOURNAL_POSITION_EXPIRED' });
    expect(r.flows[0]?.error).toMatch(/events after it were lost.*--reset-position oldest/);
    expect((await rt.status(['email-events']))[0]?.status).toBe('failed');

    // New events after the gap: oldest re-reads what is retained (upserts), latest skips to now.
    const fresh = sb.journal.deliver({ seed: 10, profiles: profiles(10) });
    const ok = await rt.runOnce({ mode: 'incremental', flows: ['email-events'], resetPosition: 'oldest' });
    expect(ok.flows[0]?.outcome).toBe('ok');
    expect(sends()).toBeGreaterThan(written);
    expect(await rt.state.getCheckpoint('email-events', 'position')).toBe(fresh.last);
    const before = sends();
    sb.journal.deliver({ seed: 11, profiles: profiles(5) });
    const skipped = await rt.runOnce({
      mode: 'incremental',
      flows: ['email-events'],
      resetPosition: 'latest',
    });
    expect(skipped.flows[0]?.counts['skipped:position reset to latest']).toBeGreaterThan(0);
    expect(skipped.flows[0]?.counts).toMatchObject({ created: 0, updated: 0 });
    expect(sends()).toBe(before);
  });
});
