// Event write-back (journal → Dynamics activities) with the old settings (journal pages of 500, batches
// starting at 100 records) against today's defaults, interleaved on the same emulators and state: what the
// settings alone give on today's code. The events/s target is against the code the scale issue was filed on,
// measured in the same run by `npm run bench -- events-filed` (a figure recorded on another day is not
// comparable: this machine's speed varies from day to day); any other checkout: bench/support/events-ab.ts.
import os from 'node:os';
import { FerryError } from '../core/errors.ts';
import { DEFAULT_BATCH_SIZE } from '../runtime/connectors/dynamics/batch-size.ts';
import { DEFAULT_JOURNAL_BATCH } from '../runtime/engine/events/run.ts';
import { benchRuntime } from './support/ferry.ts';
import { sharedSandbox } from './support/bundle.ts';
import { startEmulatorHost, type EmulatorHost } from './support/emulator-client.ts';
import { median, sig } from './support/stats.ts';
import { cpuSeconds } from './support/serve-process.ts';
import { tempState } from './support/state.ts';
import type { BenchResult, BenchRun } from './types.ts';

interface Settings {
  readonly label: string;
  readonly batchSize: number;
  readonly journalBatchSize: number;
}

const BASELINE: Settings = { label: 'baseline', batchSize: 100, journalBatchSize: 500 };
const CURRENT: Settings = {
  label: 'current',
  batchSize: DEFAULT_BATCH_SIZE,
  journalBatchSize: DEFAULT_JOURNAL_BATCH,
};
const SEED = 7;
const CAPS = { concurrency: 8, callsPerSecond: 1_000 };

interface Rep {
  readonly events: number;
  readonly written: number;
  readonly ms: number;
  readonly requests: number;
  /** CPU ms of this process (ferry) and of the emulator process during the pass (null: not measurable here). */
  readonly ferryCpuMs: number;
  readonly emulatorCpuMs: number | null;
}

/** The emulator processes' CPU ms so far, from /proc (null where there is none). */
async function emulatorCpu(pids: readonly number[]): Promise<number | null> {
  try {
    let seconds = 0;
    for (const pid of pids) seconds += await cpuSeconds(pid);
    return seconds * 1000;
  } catch {
    return null;
  }
}

const cpuMs = (u: NodeJS.CpuUsage): number => (u.user + u.system) / 1000;

/** One pass of the events flow over `events` freshly delivered events, with `s` applied to the tenant. */
async function pass(
  host: EmulatorHost,
  bundleDir: string,
  state: string,
  s: Settings,
  events: number,
  profiles: number,
): Promise<Rep> {
  const appended = await host.deliver(profiles, events);
  const rt = await benchRuntime(host.info, bundleDir, CAPS, state, {
    dynamics: { batchSize: s.batchSize },
    campaign: { journalBatchSize: s.journalBatchSize },
  });
  try {
    const before = await host.counters();
    const e0 = await emulatorCpu(host.pids);
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const report = await rt.runOnce({ mode: 'incremental', flows: ['email-events'] });
    const ms = performance.now() - t0;
    const ferryCpuMs = cpuMs(process.cpuUsage(c0));
    const e1 = await emulatorCpu(host.pids);
    const after = await host.counters();
    const f = report.flows[0];
    if (f === undefined || f.outcome !== 'ok')
      throw new FerryError('FERRY_BENCH_RUN', `email-events ${f?.outcome ?? 'not run'}: ${f?.error ?? ''}`);
    const written = (f.counts['created'] ?? 0) + (f.counts['updated'] ?? 0);
    return {
      events: appended,
      written,
      ms,
      requests: after.dynamics.requests - before.dynamics.requests,
      ferryCpuMs,
      emulatorCpuMs: e0 === null || e1 === null ? null : e1 - e0,
    };
  } finally {
    await rt.close();
  }
}

interface Summary {
  readonly perSec: number;
  readonly perSecSpread: string;
  readonly requestsPer100: number;
  readonly eventsPerRequest: number;
  readonly writes: number;
  /** Median CPU ms per 1,000 events: ferry's process, and the emulator's (-1: not measurable here). */
  readonly ferryCpuPer1000: number;
  readonly emulatorCpuPer1000: number;
  /**
   * Events/s if ferry and the emulator kept every core of this machine busy between them (both share it):
   * cores × 1,000 / their CPU ms per 1,000 events; -1 where the emulator's CPU is not measurable.
   */
  readonly cpuBoundPerSec: number;
}

function summarise(reps: readonly Rep[]): Summary {
  const rates = reps.map((r) => r.events / (r.ms / 1000));
  const events = reps.reduce((n, r) => n + r.events, 0);
  const requests = reps.reduce((n, r) => n + r.requests, 0);
  const ferryCpuPer1000 = median(reps.map((r) => (r.ferryCpuMs / r.events) * 1000));
  const emulatorCpuPer1000 = reps.some((r) => r.emulatorCpuMs === null)
    ? -1
    : median(reps.map((r) => ((r.emulatorCpuMs ?? 0) / r.events) * 1000));
  return {
    perSec: Math.round(median(rates)),
    perSecSpread: `${Math.round(Math.min(...rates))}–${Math.round(Math.max(...rates))}`,
    requestsPer100: sig((requests / events) * 100),
    eventsPerRequest: Math.round(events / requests),
    writes: reps.reduce((n, r) => n + r.written, 0),
    ferryCpuPer1000: sig(ferryCpuPer1000),
    emulatorCpuPer1000: emulatorCpuPer1000 < 0 ? -1 : sig(emulatorCpuPer1000),
    cpuBoundPerSec:
      emulatorCpuPer1000 < 0
        ? -1
        : Math.round((os.availableParallelism() * 1000 * 1000) / (ferryCpuPer1000 + emulatorCpuPer1000)),
  };
}

export async function benchEvents(o: {
  events: number;
  reps: number;
  profiles: number;
  latencyMs: number;
}): Promise<BenchResult> {
  const bundle = await sharedSandbox();
  const host = await startEmulatorHost({ seed: SEED, contacts: o.profiles, latencyMs: o.latencyMs });
  const state = await tempState();
  const reps = new Map<string, Rep[]>([
    [BASELINE.label, []],
    [CURRENT.label, []],
  ]);
  try {
    // Interleaved, alternating which goes first, so a warming JIT or a growing ledger favours neither.
    for (let i = 0; i < o.reps; i++) {
      for (const s of i % 2 === 0 ? [BASELINE, CURRENT] : [CURRENT, BASELINE])
        reps.get(s.label)?.push(await pass(host, bundle.dir, state.url, s, o.events, o.profiles));
    }
  } finally {
    await host.close();
    await state.dispose();
  }
  const base = summarise(reps.get(BASELINE.label) ?? []);
  const cur = summarise(reps.get(CURRENT.label) ?? []);
  const speedup = sig(cur.perSec / base.perSec);
  const figures: Record<string, number | string> = {
    latencyMs: o.latencyMs,
    eventsPerPass: o.events,
    passesEach: o.reps,
    'baseline.batchSize': BASELINE.batchSize,
    'baseline.journalBatchSize': BASELINE.journalBatchSize,
    'current.batchSize': CURRENT.batchSize,
    'current.journalBatchSize': CURRENT.journalBatchSize,
  };
  for (const [k, v] of [
    ['baseline', base],
    ['current', cur],
  ] as const)
    for (const [f, x] of Object.entries(v)) figures[`${k}.${f}`] = x;
  figures['speedup'] = speedup;
  const row = (name: string, s: Settings, x: Summary): (string | number)[] => [
    name,
    `${s.journalBatchSize} / ${s.batchSize}`,
    x.perSec,
    x.perSecSpread,
    x.requestsPer100,
    x.eventsPerRequest,
    x.ferryCpuPer1000,
    x.emulatorCpuPer1000 < 0 ? 'n/a' : x.emulatorCpuPer1000,
    x.cpuBoundPerSec < 0
      ? 'n/a'
      : `${x.cpuBoundPerSec} (${Math.round((x.perSec / x.cpuBoundPerSec) * 100)} %)`,
  ];
  return {
    name: 'events',
    figures,
    table: [
      [
        'settings',
        'journal page / batch',
        'events/s (median)',
        'spread',
        'Dynamics req/100 events',
        'events/request',
        'CPU ms/1000: ferry',
        'emulator',
        'CPU bound events/s (reached)',
      ],
      row('before (baseline)', BASELINE, base),
      row('now (defaults)', CURRENT, cur),
    ],
    targets: [
      {
        name: 'events: ≤ 0.2 Dynamics requests per 100 events',
        met: cur.requestsPer100 <= 0.2,
        detail: `${cur.requestsPer100} (baseline ${base.requestsPer100}), ${cur.eventsPerRequest} events per request`,
      },
    ],
  };
}

export const run: BenchRun = (opts) =>
  benchEvents(
    opts.smoke
      ? { events: 2_000, reps: 1, profiles: 200, latencyMs: 10 }
      : { events: 40_000, reps: 3, profiles: 2_000, latencyMs: 10 },
  );
