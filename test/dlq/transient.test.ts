// A record whose write keeps failing transiently is dead-lettered and retried (in the run, then with backoff);
// the flow goes on, and stops only when the API stays down past the outage budget.
import { afterEach, describe, expect, it } from 'vitest';
import { contactsFlow, profileTarget } from '../engine/fakes/flows.ts';
import { guid } from '../engine/fakes/dynamics.ts';
import { harness, type Harness } from '../engine/fakes/harness.ts';
import { TRANSIENT_BACKOFF } from '../../runtime/engine/outage.ts';

let h: Harness;
afterEach(async () => h?.state.close());

const FAST = { inRunRetry: { rounds: 3, firstWaitMs: 1 } };

async function contacts(n: number): Promise<void> {
  h = await harness();
  for (let i = 1; i <= n; i++)
    h.dynamics.put('contacts', 'contactid', { contactid: guid(i), emailaddress1: `c${i}@example.com` });
}

describe('transient record failures', () => {
  it('a create failing three times (503) is dead-lettered, then written inside the same run', async () => {
    await contacts(3);
    let fails = 3;
    h.campaign.failWrite = (op, body) =>
      op === 'create' && body?.['email'] === 'c2@example.com' && fails-- > 0
        ? { status: 503, message: 'unavailable' }
        : null;
    const r = await h.engine([contactsFlow()], { options: FAST }).runOnce({ mode: 'incremental' });
    expect(r.ok).toBe(true);
    expect(r.flows[0]?.outcome).toBe('ok');
    expect(r.flows[0]?.counts).toMatchObject({ created: 3, deadLettered: 0, recovered: 1 });
    expect(h.campaign.all(profileTarget.path)).toHaveLength(3);
    expect(await h.state.countDeadLetters('contacts')).toBe(0);
  });

  it('one that keeps failing stays dead-lettered with its reason and a next retry time; the flow is ok', async () => {
    await contacts(3);
    h.campaign.failWrite = (op, body) =>
      op === 'create' && body?.['email'] === 'c2@example.com'
        ? { status: 503, message: 'unavailable' }
        : null;
    const r = await h.engine([contactsFlow()], { options: FAST }).runOnce({ mode: 'incremental' });
    expect(r.flows[0]?.outcome).toBe('ok');
    expect(r.flows[0]?.counts).toMatchObject({
      created: 2,
      deadLettered: 1,
      'deadLettered:FERRY_HTTP_STATUS': 1,
    });
    const [d] = await h.state.listDeadLetters('contacts', { state: 'retrying' });
    expect(d?.sourceId).toBe(guid(2));
    expect(d?.reason).toMatch(/503/);
    // First failure + three in-run rounds; the wait before the next run's try doubles with the attempts.
    expect(d?.attempts).toBe(4);
    const wait = Date.parse(d?.nextRetryAt ?? '') - Date.parse(d?.lastAttemptAt ?? '');
    expect(wait).toBe(TRANSIENT_BACKOFF.baseMs * 2 ** 3);
    expect(await h.state.countDeadLetters('contacts', { state: 'attention' })).toBe(0);
  });

  it('a record refused for its data (400) needs attention and is not retried in the run', async () => {
    await contacts(2);
    let creates = 0;
    h.campaign.failWrite = (op, body) => {
      if (op === 'create' && body?.['email'] === 'c1@example.com') {
        creates++;
        return { status: 400, message: 'invalid email' };
      }
      return null;
    };
    const r = await h.engine([contactsFlow()], { options: FAST }).runOnce({ mode: 'incremental' });
    expect(creates).toBe(1);
    expect(r.flows[0]?.counts['deadLettered']).toBe(1);
    const [d] = await h.state.listDeadLetters('contacts', { state: 'attention' });
    expect(d?.nextRetryAt).toBeNull();
  });

  it('an API down for longer than the outage budget stops the flow', async () => {
    await contacts(5);
    let t = Date.parse('2026-06-01T00:00:00Z');
    h.campaign.failWrite = () => {
      t += 40_000; // each failure comes 40 s after the one before
      return { status: 503, message: 'unavailable' };
    };
    const engine = h.engine([contactsFlow()], {
      options: { ...FAST, concurrency: 1, outageBudgetMs: 60_000, now: () => new Date(t) },
    });
    const r = await engine.runOnce({ mode: 'incremental' });
    expect(r.flows[0]?.outcome).toBe('failed');
    expect(r.flows[0]?.errorCode).toBe('FERRY_SERVICE_OUTAGE');
    // The records that failed before the budget was spent are kept for later.
    expect(await h.state.countDeadLetters('contacts', { state: 'retrying' })).toBeGreaterThan(0);
  });
});
