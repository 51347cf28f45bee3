// One `run --once` under faults on every service ends in the same final state as a clean run: records whose
// writes failed transiently are dead-lettered and retried inside the run, no flow fails.
// FERRY_FAULTS_CONTACTS=3000 measures the size the issue names (the default keeps the suite quick).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FaultRule } from '../../emulators/common/faults.ts';
import { startSandbox, type Sandbox } from '../../emulators/sandbox/index.ts';
import type { Runtime, RunReport } from '../../runtime/index.ts';
import { compileSandbox, sandboxRuntime } from './integration/setup.ts';
import { campaignState, dynamicsState } from './faults/snapshot.ts';
import { settle, type Settled } from './faults/settle.ts';

const SEED = 29;
const CONTACTS = Number(process.env['FERRY_FAULTS_CONTACTS'] ?? 200);
// The clean reference run and the faulty run both happen in the hook: its limit grows with the size.
const HOOK_MS = Math.max(600_000, CONTACTS * 400);
// ~10 % 5xx, 1 % resets, 2 % commit-then-drop, short 429 storms with Retry-After: 1 (seeded).
const NOISY: FaultRule = {
  errorRate: 0.1,
  errorStatus: 503,
  resetRate: 0.01,
  dropAfterCommitRate: 0.02,
  stormRate: 0.005,
  stormLength: 4,
  retryAfterSeconds: 1,
};

let tmp: string;
let clean: Sandbox;
let faulty: Sandbox;
const runtimes: Runtime[] = [];
let cleanRun: Settled;
let once: RunReport;
let seconds = 0;

beforeAll(async () => {
  tmp = await mkdtemp(path.join(tmpdir(), 'ferry-faults-once-'));
  const bundleDir = await compileSandbox();
  [clean, faulty] = await Promise.all([
    startSandbox({ contacts: CONTACTS, seed: SEED }),
    startSandbox({ contacts: CONTACTS, seed: SEED }),
  ]);
  const rtClean = await sandboxRuntime(clean.info, bundleDir, `sqlite:${path.join(tmp, 'clean.db')}`);
  const rtFaulty = await sandboxRuntime(faulty.info, bundleDir, `sqlite:${path.join(tmp, 'faulty.db')}`);
  runtimes.push(rtClean, rtFaulty);
  cleanRun = await settle(rtClean, { maxPasses: 3 });
  faulty.dynamics.faults.setRules([{ path: '/api/data/', ...NOISY }], SEED);
  // Creates fail more often, with a 502 (a POST is not resent after it: it may have been applied), so that
  // some fail all three of the engine's tries and are dead-lettered, then retried in the run.
  faulty.campaign.faults.setRules(
    [
      { method: 'POST', path: '/', ...NOISY, errorRate: 0.3, errorStatus: 502 },
      { path: '/', ...NOISY },
    ],
    SEED,
  );
  // The journal gets few requests (500-event pages): fail more; seed 13 resets the 1st, fails the 3rd.
  faulty.journal.faults.setRules([{ ...NOISY, errorRate: 0.3, resetRate: 0.1, dropAfterCommitRate: 0 }], 13);
  const t0 = performance.now();
  once = await rtFaulty.runOnce({ mode: 'incremental' });
  seconds = (performance.now() - t0) / 1000;
}, HOOK_MS);

afterAll(async () => {
  for (const rt of runtimes) await rt.close().catch(() => undefined);
  await clean?.close();
  await faulty?.close();
  if (tmp !== undefined) await rm(tmp, { recursive: true, force: true });
});

describe(`one run --once under faults (${CONTACTS} contacts)`, () => {
  it('faults were injected on all three services', () => {
    expect(cleanRun.settled).toBe(true);
    for (const sb of [faulty.dynamics, faulty.campaign, faulty.journal]) {
      const c = sb.faults.counts;
      expect(c.error + c.reset + c.drop + c.throttle).toBeGreaterThan(0);
    }
    expect(faulty.campaign.faults.counts.drop).toBeGreaterThan(0);
    expect(faulty.campaign.faults.counts.throttle).toBeGreaterThan(0);
  });

  it('no flow fails, and only the records the APIs refuse for good stay dead-lettered', async () => {
    const counts = once.flows.map(
      (f) =>
        `${f.flow} ${f.outcome} dead-lettered=${f.counts['deadLettered']} recovered=${f.counts['recovered'] ?? 0}`,
    );
    const injected = [faulty.dynamics, faulty.campaign, faulty.journal].map((sb) =>
      JSON.stringify(sb.faults.counts),
    );
    console.log(
      `faulty run --once: ${seconds.toFixed(1)} s; ${counts.join('; ')}; injected ${injected.join(' ')}`,
    );
    expect(once.flows.filter((f) => f.outcome !== 'ok').map((f) => `${f.flow}: ${f.error}`)).toEqual([]);
    // Some records did fail for good in the main pass and went through in the in-run retry.
    expect(once.flows.reduce((n, f) => n + (f.counts['recovered'] ?? 0), 0)).toBeGreaterThan(0);
    const rt = runtimes[1] as Runtime;
    const left = (await rt.deadLetters()).map((d) => `${d.flow} ${d.sourceId}: ${d.reason}`).sort();
    expect(left).toEqual(cleanRun.deadLetters);
    const pending = (await rt.status()).reduce((n, s) => n + s.pendingOptouts.length, 0);
    expect(pending).toBe(0);
  });

  it('Campaign and Dynamics end exactly as after the clean run', () => {
    const a = campaignState(clean);
    const b = campaignState(faulty);
    expect(Object.keys(b)).toEqual(Object.keys(a));
    for (const name of Object.keys(a)) expect({ name, rows: b[name] }).toEqual({ name, rows: a[name] });
    const x = dynamicsState(clean);
    const y = dynamicsState(faulty);
    for (const name of Object.keys(x)) expect({ name, rows: y[name] }).toEqual({ name, rows: x[name] });
  });
});
