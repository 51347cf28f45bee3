// In-process checks of the lease plumbing: write deadline, the HTTP write fence, a lost lease stopping the
// run and --follow, the retry at lease expiry, and `ferry status` showing an expired lease.
import { describe, expect, it } from 'vitest';
import { StateError } from '../../core/errors.ts';
import { printStatus } from '../../cli/commands/status.ts';
import { follow } from '../../runtime/engine/follow.ts';
import { takeLease, type HeldLease } from '../../runtime/engine/lease.ts';
import { spawn } from 'node:child_process';
import { hostname } from 'node:os';
import { deadOnThisHost, leaseSettings, resolveLeaseSettings } from '../../runtime/engine/lease-settings.ts';
import { Engine, type RunOnceOptions, type RunReport } from '../../runtime/engine/engine.ts';
import type { FlowReport } from '../../runtime/engine/run-flow.ts';
import { writeFence } from '../../runtime/http/write-fence.ts';
import type { HttpRequest } from '../../runtime/http/types.ts';
import { openStateStore, type SqlStateStore } from '../../runtime/state/index.ts';
import type { StateStore } from '../../runtime/state/port.ts';
import { withWriteGuard } from '../../runtime/write-guard.ts';
import { contactsFlow, vehiclesFlow } from '../engine/fakes/flows.ts';
import { guid } from '../engine/fakes/dynamics.ts';
import { harness } from '../engine/fakes/harness.ts';

const memory = (): Promise<SqlStateStore> => openStateStore('sqlite::memory:', process.cwd());

async function held(state: StateStore, ttlMs: number): Promise<HeldLease> {
  const t = await takeLease(state, 'f', 'me', leaseSettings(ttlMs));
  if (!('held' in t)) throw new Error('lease not taken');
  return t.held;
}

/** Calls the guard until it throws (the deadline is in the future at first). */
async function guardUntilRefused(lease: HeldLease): Promise<StateError> {
  for (;;) {
    try {
      await lease.guard();
    } catch (err) {
      return err as StateError;
    }
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('lease settings', () => {
  it('defaults to a 30 s lease renewed every 10 s; env overrides the tenant file; bad values are config errors', () => {
    expect(resolveLeaseSettings(undefined, {})).toEqual({ ttlMs: 30_000, renewMs: 10_000, marginMs: 5000 });
    expect(resolveLeaseSettings({ ttl: '12s' }, { FERRY_LEASE_TTL: '3s' })).toEqual({
      ttlMs: 3000,
      renewMs: 1000,
      marginMs: 500,
    });
    expect(resolveLeaseSettings({ ttl: '20s', renewEvery: '5s' }, {}).renewMs).toBe(5000);
    for (const bad of [{ ttl: '500ms' }, { ttl: '10s', renewEvery: '6s' }, { ttl: 'soon' }])
      expect(() => resolveLeaseSettings(bad, {})).toThrow(/lease/);
  });
});

describe('a restarted worker on the same host', () => {
  it('takes over at once (new fence) from a predecessor whose process is gone, not from a live one', async () => {
    const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)']);
    const dead = `${hostname()}:${child.pid ?? 0}:abc`;
    const state = await memory();
    await state.acquireLease('f', dead, 60_000);
    // Alive (or only paused): its lease must run out first.
    expect(deadOnThisHost(dead)).toBe(false);
    expect('busy' in (await takeLease(state, 'f', 'me', leaseSettings(60_000)))).toBe(true);
    const exited = new Promise((r) => child.on('exit', r));
    child.kill('SIGKILL');
    await exited;
    expect(deadOnThisHost(dead)).toBe(true);
    expect(deadOnThisHost(`another-host:${child.pid ?? 0}:abc`)).toBe(false);
    expect(deadOnThisHost(`${hostname()}:${process.pid}:abc`)).toBe(false);
    const t = await takeLease(state, 'f', 'me', leaseSettings(60_000));
    expect('held' in t).toBe(true);
    expect(await state.leaseOf('f')).toMatchObject({ worker: 'me', fence: 2 });
    if ('held' in t) await t.held.release();
    await state.close();
  });
});

describe('write deadline and fence', () => {
  it('stops API writes once the lease could have expired and cannot be renewed (state store outage)', async () => {
    const state = await memory();
    const t0 = performance.now(); // no later than the lease's own start
    const lease = await held(state, 1000);
    await lease.guard(); // well before the deadline
    (state as { renewLease: unknown }).renewLease = () => Promise.reject(new Error('database unreachable'));
    const err = await guardUntilRefused(lease);
    // Not before the deadline (TTL - margin = 800 ms after taking the lease).
    expect(performance.now() - t0).toBeGreaterThanOrEqual(800);
    expect(err.code).toBe('FERRY_LEASE_LOST');
    expect(err.message).toMatch(
      /^lease lost: flow f: its lease \(1000 ms\) could not be renewed before the write deadline/,
    );
    expect(lease.signal.aborted).toBe(true);
    await lease.release();
    await state.close();
  });

  it('a renewal that finds the fence moved marks the lease lost at once, and never takes it back', async () => {
    const state = await memory();
    const lease = await held(state, 1000);
    await state.db.run("UPDATE ferry_leases SET worker = 'other', fence = fence + 1 WHERE flow = 'f'");
    const err = await guardUntilRefused(lease);
    expect(err.message).toBe(
      'lease lost: flow f: taken over by other with fence 2 (this worker held fence 1); this worker stopped writing',
    );
    expect(await state.leaseOf('f')).toMatchObject({ worker: 'other', fence: 2 });
    await lease.release();
    expect(await state.leaseOf('f')).toMatchObject({ worker: 'other', fence: 2 });
    await state.close();
  });

  it('the HTTP write fence asks the guard before every request but GET', async () => {
    const sent: string[] = [];
    const send = writeFence()(async (req: HttpRequest) => {
      sent.push(req.method);
      return { status: 200, headers: {}, body: '', url: req.url };
    });
    const refuse = (): void => {
      throw new StateError('FERRY_LEASE_LOST', 'lease lost: test');
    };
    await withWriteGuard(refuse, async () => {
      await send({ method: 'GET', url: 'http://x/a' });
      for (const method of ['POST', 'PATCH', 'DELETE'] as const)
        await expect(send({ method, url: 'http://x/a' })).rejects.toThrow('lease lost: test');
    });
    await send({ method: 'POST', url: 'http://x/a' }); // outside a guarded run
    expect(sent).toEqual(['GET', 'POST']);
  });
});

describe('a lost lease stops the run', () => {
  it('a flow taken over mid-run fails with FERRY_LEASE_LOST, the next flow is not started, the status is left to the new holder', async () => {
    const h = await harness();
    const store = h.state as SqlStateStore;
    for (let i = 1; i <= 60; i++)
      h.dynamics.put('contacts', 'contactid', {
        contactid: guid(i),
        emailaddress1: `u${i}@x.org`,
        lastname: 'L',
      });
    let taken = false;
    h.campaign.failWrite = () => {
      // Another worker takes the flow over while this one is writing (as after a long pause).
      if (!taken) {
        taken = true;
        void store.db.run(
          "UPDATE ferry_leases SET worker = 'other', fence = fence + 1 WHERE flow = 'contacts'",
        );
        void store.db.run("UPDATE ferry_flow_status SET detail = 'new holder' WHERE flow = 'contacts'");
      }
      return null;
    };
    const report = await h.engine([contactsFlow(), vehiclesFlow()]).runOnce({ mode: 'incremental' });
    expect(report.flows.map((f) => [f.flow, f.outcome, f.errorCode])).toEqual([
      ['contacts', 'failed', 'FERRY_LEASE_LOST'],
    ]);
    expect(report.flows[0]?.error).toMatch(/^lease lost: flow contacts: taken over by other/);
    expect(await store.getStatus('contacts')).toMatchObject({ status: 'running', detail: 'new holder' });
    expect(await store.getCheckpoint('contacts', 'deltaLink')).toBeNull();
    expect((await store.listRuns('contacts', 1))[0]?.error).toMatch(/^lease lost/);
    await store.close();
  });
});

const flowReport = (flow: string, over: Partial<FlowReport>): FlowReport => ({
  flow,
  kind: 'entity',
  outcome: 'ok',
  counts: {},
  error: null,
  errorCode: null,
  errorKind: null,
  ...over,
});

describe('--follow', () => {
  it('tries a skipped flow again (alone) as soon as its holder lease expires, not a whole interval later', async () => {
    const ac = new AbortController();
    const calls: (readonly string[] | undefined)[] = [];
    const expiresAt = Date.now() + 300;
    const runOnce = async (o: RunOnceOptions): Promise<RunReport> => {
      calls.push(o.flows);
      if (calls.length === 2) ac.abort(); // the interval (60 s) would come long after
      const lease = { holder: 'other', fence: 1, expiresAt };
      return {
        ok: true,
        flows:
          calls.length === 1
            ? [flowReport('a', {}), flowReport('b', { outcome: 'skipped', lease })]
            : (o.flows ?? ['a', 'b']).map((f) => flowReport(f, {})),
      };
    };
    const t0 = Date.now();
    await follow(runOnce, { mode: 'incremental', intervalMs: 60_000, signal: ac.signal });
    expect(calls).toEqual([undefined, ['b']]);
    // The early pass came after the expiry, long before the interval.
    expect(Date.now()).toBeGreaterThanOrEqual(expiresAt);
    expect(Date.now() - t0).toBeLessThan(30_000);
  });

  it('ends with FERRY_LEASE_LOST when a pass lost a lease', async () => {
    const ac = new AbortController();
    const runOnce = async (): Promise<RunReport> => ({
      ok: false,
      flows: [
        flowReport('a', { outcome: 'failed', errorCode: 'FERRY_LEASE_LOST', error: 'lease lost: flow a: x' }),
      ],
    });
    const err = await follow(runOnce, { mode: 'incremental', intervalMs: 10, signal: ac.signal }).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(StateError);
    expect((err as StateError).code).toBe('FERRY_LEASE_LOST');
    expect((err as StateError).message).toBe('lease lost: flow a: x');
  });
});

describe('ferry status', () => {
  it('shows holder, fence and expiry, and "expired" for a running flow whose lease ran out', async () => {
    // The holder's clock: its lease expired a minute ago (it died or froze without releasing it).
    const store = await openStateStore('sqlite::memory:', process.cwd(), { now: () => Date.now() - 60_000 });
    const h = await harness();
    const engine = new Engine({
      bundle: { tenant: 't', compilerVersion: 't', flows: [contactsFlow(), vehiclesFlow()] },
      manifest: null,
      dynamics: h.dynamics,
      campaign: h.campaign,
      journal: h.journal,
      state: store,
    });
    await store.acquireLease('contacts', 'db-1:41:abc', 10_000);
    await store.setStatus('contacts', 'running');
    const [contacts, vehicles] = await engine.status();
    expect(contacts).toMatchObject({
      status: 'expired',
      lease: { holder: 'db-1:41:abc', fence: 1, expired: true },
    });
    expect(vehicles).toMatchObject({ status: 'never run', lease: null });
    const lines: string[] = [];
    const io = { out: (s: string) => void lines.push(s), err: () => undefined, color: false };
    printStatus(io, [contacts!]);
    expect(lines[0]).toMatch(/^contacts \(entity\): EXPIRED/);
    expect(lines[1]).toMatch(
      /^ {2}lease of db-1:41:abc \(fence 1\) expired at \S+: that worker stopped renewing it/,
    );
    // A live lease: the flow is running, with its holder and expiry.
    await store.releaseLease('contacts');
    const live = await openStateStore('sqlite::memory:', process.cwd());
    await live.acquireLease('contacts', 'db-2:7:def', 30_000);
    await live.setStatus('contacts', 'running');
    const [now] = await new Engine({
      ...engine.ports,
      bundle: engine.bundle,
      manifest: null,
      state: live,
    }).status(['contacts']);
    expect(now).toMatchObject({
      status: 'running',
      lease: { holder: 'db-2:7:def', fence: 1, expired: false },
    });
    lines.length = 0;
    printStatus(io, [now!]);
    expect(lines[1]).toMatch(/^ {2}lease held by db-2:7:def, fence 1, expires \S+ unless renewed$/);
    await store.close();
    await live.close();
    await h.state.close();
  });
});
