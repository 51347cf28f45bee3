// Fault tolerance over real HTTP: a run under 5xx, resets, 429 storms, commit-then-drop and expiring
// tokens must converge to the same final state as a clean run on an identical seeded sandbox.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { offsetClock, type ManualClock } from '../../emulators/common/clock.ts';
import type { FaultRule } from '../../emulators/common/faults.ts';
import { startSandbox, type Sandbox } from '../../emulators/sandbox/index.ts';
import type { Runtime } from '../../runtime/index.ts';
import { compileSandbox, sandboxRuntime } from './integration/setup.ts';
import { campaignState, dynamicsState } from './faults/snapshot.ts';
import { settle, type Settled } from './faults/settle.ts';

const SEED = 11;
const CONTACTS = 200;
// ~10 % 5xx, a few resets and commit-then-drops, rare 429 storms with Retry-After (seeded, so reproducible).
const NOISY: FaultRule = {
  errorRate: 0.1,
  errorStatus: 503,
  resetRate: 0.03,
  dropAfterCommitRate: 0.03,
  stormRate: 0.004,
  stormLength: 3,
  retryAfterSeconds: 1,
};
const DAY_MS = 24 * 3600 * 1000;

let tmp: string;
let clean: Sandbox;
let faulty: Sandbox;
let clock: ManualClock;
const runtimes: Runtime[] = [];
let cleanRun: Settled;
let faultyRun: Settled;

beforeAll(async () => {
  tmp = await mkdtemp(path.join(tmpdir(), 'ferry-faults-'));
  const bundleDir = await compileSandbox();
  clock = offsetClock();
  [clean, faulty] = await Promise.all([
    startSandbox({ contacts: CONTACTS, seed: SEED }),
    startSandbox({ contacts: CONTACTS, seed: SEED, clock }),
  ]);
  const rtClean = await sandboxRuntime(clean.info, bundleDir, `sqlite:${path.join(tmp, 'clean.db')}`);
  const rtFaulty = await sandboxRuntime(faulty.info, bundleDir, `sqlite:${path.join(tmp, 'faulty.db')}`);
  runtimes.push(rtClean, rtFaulty);
  cleanRun = await settle(rtClean, { maxPasses: 6 });

  // Writes get extra commit-then-drops: the write happens, the client never hears of it.
  faulty.dynamics.faults.setRules(
    [
      { method: 'GET', path: '/api/data/', ...NOISY },
      { path: '/api/data/', ...NOISY, dropAfterCommitRate: 0.2 },
    ],
    SEED,
  );
  faulty.campaign.faults.setRules([{ path: '/', ...NOISY }], SEED);
  // The journal gets few requests (500-event pages): fail more of them; seed 13 resets the 1st, fails the 3rd.
  faulty.journal.faults.setRules([{ ...NOISY, errorRate: 0.3, resetRate: 0.1, dropAfterCommitRate: 0 }], 13);
  faulty.entra.faults.setRules([{ resetRate: 0.05, errorRate: 0.05 }], SEED);
  // Mid-run, the emulators' clock jumps a day ahead (three times at most, well inside the journal's
  // 7-day retention): Entra (1 h) and IMS (24 h) tokens the client still holds are refused with 401.
  let jumps = 0;
  const timer = setInterval(() => {
    if (jumps++ < 3) clock.advance(DAY_MS + 60_000);
  }, 2_000);
  try {
    faultyRun = await settle(rtFaulty, { maxPasses: 8 });
  } finally {
    clearInterval(timer);
  }
}, 120_000);

afterAll(async () => {
  for (const rt of runtimes) await rt.close().catch(() => undefined);
  await clean?.close();
  await faulty?.close();
  if (tmp !== undefined) await rm(tmp, { recursive: true, force: true });
});

describe('faults over HTTP converge to the clean state', () => {
  it('the faults were really injected and tokens really expired', () => {
    expect(cleanRun.settled).toBe(true);
    const injected = (c: Record<string, number>) =>
      (c['error'] ?? 0) + (c['reset'] ?? 0) + (c['drop'] ?? 0) + (c['throttle'] ?? 0);
    expect(injected(faulty.dynamics.faults.counts)).toBeGreaterThan(0);
    expect(faulty.campaign.faults.counts['drop']).toBeGreaterThan(0);
    expect(faulty.campaign.faults.counts['throttle']).toBeGreaterThan(0);
    expect(injected(faulty.campaign.faults.counts)).toBeGreaterThan(20);
    expect(injected(faulty.journal.faults.counts)).toBeGreaterThan(0);
    // The clock moved a day at least once while the run held tokens: both were fetched again.
    expect(clock.now() - Date.now()).toBeGreaterThan(DAY_MS);
    expect(faulty.entra.counters['issued']).toBeGreaterThan(1);
    expect(faulty.ims.counters.tokenRequests).toBeGreaterThan(1);
  });

  it('the faulty run settles: every flow ok, nothing left to write, no pending opt-out, the same dead letters', () => {
    expect(faultyRun.passes.at(-1)).toEqual({ failed: [], writes: 0, pendingOptouts: 0 });
    expect(faultyRun.settled).toBe(true);
    // Only the records the APIs refuse for good (invalid emails, their parked children) stay dead-lettered.
    expect(faultyRun.deadLetters).toEqual(cleanRun.deadLetters);
    expect(cleanRun.deadLetters.length).toBeGreaterThan(0);
  });

  it('Campaign: same profiles and custom resources by key, same links, no duplicates', () => {
    const a = campaignState(clean);
    const b = campaignState(faulty);
    expect(Object.keys(b)).toEqual(Object.keys(a));
    for (const name of Object.keys(a)) expect({ name, rows: b[name] }).toEqual({ name, rows: a[name] });
    expect(a['profile']?.length).toBeGreaterThan(CONTACTS / 2);
    expect(a['cusVehicle']?.length).toBeGreaterThan(10);
    // Links are compared by what they point at: every one resolved to a record of this sandbox.
    const links = Object.values(a).flat().join('\n');
    expect(links).toContain('"profile":{"PKey":"→profile:');
    expect(links).toContain('"vehicle":{"PKey":"→cusVehicle:');
    expect(links).not.toContain('<pkey>');
  });

  it('Dynamics: same contacts (opt-outs), same activities by alternate key with the same regarding', () => {
    const a = dynamicsState(clean);
    const b = dynamicsState(faulty);
    expect(Object.keys(b)).toEqual(Object.keys(a));
    for (const name of Object.keys(a)) expect({ name, rows: b[name] }).toEqual({ name, rows: a[name] });
    expect(a['ferry_emailsend']?.length).toBeGreaterThan(10);
  });
});
