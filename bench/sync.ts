// Sync throughput against the emulators (in a child process) with per-call latency and the tenant's caps:
// initial contact load, a 1% incremental pass, event write-back, and a run under a 429 storm.
import os from 'node:os';
import type { Runtime } from '../runtime/index.ts';
import type { RunReport } from '../runtime/engine/engine.ts';
import { FerryError } from '../core/errors.ts';
import { sharedSandbox } from './support/bundle.ts';
import { startEmulatorHost, type EmulatorHost } from './support/emulator-client.ts';
import type { ArrivalLog, HostCounters } from './support/emulator-protocol.ts';
import { benchRuntime, type FerryCaps } from './support/ferry.ts';
import { analysePauses } from './support/pauses.ts';
import { rawMix, type RawResult } from './support/raw-client.ts';
import { LIST_PAGE } from '../runtime/engine/entity/key-index/plan.ts';
import { sig } from './support/stats.ts';
import { tempState } from './support/state.ts';
import type { BenchResult, BenchRun } from './types.ts';

export interface SyncOptions {
  readonly records: number;
  readonly events: number;
  readonly stormRecords: number;
  readonly latencyMs: number;
  /** Caps for (i)–(iii); the calls-per-second bound is meant to bind (concurrency follows latency). */
  readonly caps: FerryCaps;
  /** Caps for the storm run (iv); the calls-per-second bound is meant to bind. */
  readonly stormCaps: FerryCaps;
  /** Profiles the bare-client baseline creates after the initial load (contacts beyond `records`). */
  readonly rawCreates: number;
  /** Share of Campaign requests that start a 429 storm in part (iv). */
  readonly stormRate: number;
}

const SEED = 7;

/** Calls per second the caps allow: min(callsPerSecond, concurrency / latency). */
export const capPerSec = (caps: FerryCaps, latencyMs: number): number =>
  Math.min(caps.callsPerSecond, latencyMs > 0 ? (caps.concurrency * 1000) / latencyMs : Infinity);

interface Measured {
  readonly report: RunReport;
  readonly ms: number;
  readonly before: HostCounters;
  readonly after: HostCounters;
  /** CPU (user + system) of this process, where ferry runs, ms. */
  readonly cpuMs: number;
  /** 1-minute load average when the run started. */
  readonly load: number;
}

async function measure(host: EmulatorHost, fn: () => Promise<RunReport>): Promise<Measured> {
  const before = await host.counters();
  const load = os.loadavg()[0] ?? NaN;
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const report = await fn();
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const after = await host.counters();
  const failed = report.flows.find((f) => f.outcome !== 'ok');
  if (failed)
    throw new FerryError('FERRY_BENCH_RUN', `flow ${failed.flow} ${failed.outcome}: ${failed.error ?? ''}`);
  return { report, ms, before, after, cpuMs: (cpu.user + cpu.system) / 1000, load };
}

const count = (m: Measured, key: string): number =>
  m.report.flows.reduce((n, f) => n + (f.counts[key] ?? 0), 0);
const campaignCalls = (m: Measured): number => m.after.campaign.requests - m.before.campaign.requests;
/** Calls spent on records: everything but the once-per-run drift check (resourceType GETs). */
const recordCalls = (m: Measured): number =>
  campaignCalls(m) -
  ((m.after.campaign.byOperation['metadata'] ?? 0) - (m.before.campaign.byOperation['metadata'] ?? 0));
/** The key planner's count probe (one page of 1 + count.href), when it ran. */
const probeCalls = (m: Measured): number => (count(m, 'keyIndex:listingCallsEstimated') > 0 ? 2 : 0);
const engineCalls = (m: Measured): number => m.after.campaign.engineCalls - m.before.campaign.engineCalls;

/** One emulator host + runtime for a contacts run; the host is closed after `fn`. */
async function withSetup<T>(
  records: number,
  o: SyncOptions,
  caps: FerryCaps,
  bundleDir: string,
  fn: (host: EmulatorHost, rt: Runtime) => Promise<T>,
): Promise<T> {
  const host = await startEmulatorHost({ seed: SEED, contacts: records, latencyMs: o.latencyMs });
  const state = await tempState();
  try {
    const rt = await benchRuntime(host.info, bundleDir, caps, state.url);
    try {
      return await fn(host, rt);
    } finally {
      await rt.close();
    }
  } finally {
    await host.close();
    await state.dispose();
  }
}

/** Campaign calls/s between the first and the last arrival (start-up and drift check excluded). */
function steadyRate(log: ArrivalLog): number {
  const first = log.t[0];
  const last = log.t[log.t.length - 1];
  return first === undefined || last === undefined || last <= first
    ? 0
    : (log.t.length - 1) / ((last - first) / 1000);
}

export async function benchSync(o: SyncOptions): Promise<BenchResult> {
  const bundle = await sharedSandbox();
  const cap = capPerSec(o.caps, o.latencyMs);
  const stormCap = capPerSec(o.stormCaps, o.latencyMs);
  const figures: Record<string, number | string | boolean> = {
    latencyMs: o.latencyMs,
    'caps.concurrency': o.caps.concurrency,
    'caps.callsPerSecond': o.caps.callsPerSecond,
    'storm.caps.callsPerSecond': o.stormCaps.callsPerSecond,
    capCallsPerSec: cap,
  };
  // (i) initial load, (ii) 1% incremental and (iii) event write-back, on the same emulators and state.
  let steady = 0;
  let raw: RawResult | undefined;
  const [initial, incr, touched, ev] = await withSetup(o.records, o, o.caps, bundle.dir, async (host, rt) => {
    await host.log(true);
    const i = await measure(host, () => rt.runOnce({ mode: 'incremental', flows: ['contacts'] }));
    steady = steadyRate(await host.log(false));
    // Baseline in the same run, just after: a bare client sending ferry's mix (its count probe and listing
    // pages, then POSTs of profiles of the same shape to the same resource) at the same caps. Its contacts
    // are not in Dynamics, so the passes below never see them.
    raw = await rawMix(host.info, {
      listingPages: count(i, 'keyIndex:listingCalls'),
      pageSize: LIST_PAGE,
      creates: o.rawCreates,
      from: o.records,
      seed: SEED,
      concurrency: o.caps.concurrency,
      callsPerSecond: o.caps.callsPerSecond,
    });
    const changed = await host.touch(100, 1);
    const ii = await measure(host, () => rt.runOnce({ mode: 'incremental', flows: ['contacts'] }));
    // (iii) journal → activities on the synced contacts' timelines.
    const appended = await host.deliver(o.records, o.events);
    const iii = await measure(host, () => rt.runOnce({ mode: 'incremental', flows: ['email-events'] }));
    return [i, ii, changed, { appended, m: iii }] as const;
  });
  const read = count(initial, 'read');
  const rawRate = raw?.callsPerSec ?? NaN;
  const initUtil = campaignCalls(initial) / (initial.ms / 1000) / cap;
  const cpuUs = (ms: number): number => Math.round((ms * 1000) / read);
  Object.assign(figures, {
    'initial.records': read,
    'initial.created': count(initial, 'created'),
    'initial.deadLettered': count(initial, 'deadLettered'),
    'initial.seconds': sig(initial.ms / 1000),
    'initial.recordsPerSec': Math.round(read / (initial.ms / 1000)),
    'initial.campaignCallsPerRecord': sig(campaignCalls(initial) / read),
    // Writes: creates, updates, and creates Campaign rejected (dead-lettered after their one POST).
    'initial.recordCallsPerWrite': sig(
      (recordCalls(initial) - count(initial, 'keyIndex:listingCalls') - probeCalls(initial)) /
        (count(initial, 'created') + count(initial, 'updated') + count(initial, 'deadLettered')),
    ),
    'initial.keyListing': count(initial, 'keyIndex:listing') > 0,
    'initial.listingCalls': count(initial, 'keyIndex:listingCalls'),
    'initial.listingCallsEstimated': count(initial, 'keyIndex:listingCallsEstimated'),
    'initial.keyLookups': count(initial, 'keyIndex:lookups'),
    'initial.engineCallsPerRecord': sig(engineCalls(initial) / read),
    'initial.campaignCallsPerSec': Math.round(campaignCalls(initial) / (initial.ms / 1000)),
    'initial.utilisation': sig(initUtil),
    'initial.steadyCallsPerSec': Math.round(steady),
    'initial.steadyUtilisation': sig(steady / cap),
    'initial.ferryCpuUsPerRecord': cpuUs(initial.cpuMs),
    'initial.emulatorCpuUsPerRecord': cpuUs(initial.after.cpuMs - initial.before.cpuMs),
    'initial.loadAverage': sig(initial.load),
    'raw.calls': raw?.calls ?? NaN,
    'raw.created': raw?.created ?? NaN,
    'raw.seconds': sig(raw?.seconds ?? NaN),
    'raw.callsPerSec': Math.round(rawRate),
    'raw.cpuUsPerCall': Math.round(((raw?.cpuMs ?? NaN) * 1000) / (raw?.calls ?? NaN)),
    'raw.utilisation': sig(rawRate / cap),
    'initial.vsRawClient': sig(campaignCalls(initial) / (initial.ms / 1000) / rawRate),
    'incremental.changed': touched,
    'incremental.seconds': sig(incr.ms / 1000),
    'incremental.read': count(incr, 'read'),
    'incremental.campaignCalls': campaignCalls(incr),
    'incremental.recordCalls': recordCalls(incr),
    'incremental.engineCalls': engineCalls(incr),
    'incremental.recordCallsPerChanged': sig(recordCalls(incr) / touched),
    'incremental.keyListing': count(incr, 'keyIndex:listing') > 0,
    'incremental.listingCalls': count(incr, 'keyIndex:listingCalls'),
  });

  const dynReq = ev.m.after.dynamics.requests - ev.m.before.dynamics.requests;
  Object.assign(figures, {
    'events.events': ev.appended,
    'events.written': count(ev.m, 'created') + count(ev.m, 'updated'),
    'events.seconds': sig(ev.m.ms / 1000),
    'events.perSec': Math.round(ev.appended / (ev.m.ms / 1000)),
    'events.dynamicsRequests': dynReq,
    'events.dynamicsRequestsPer100': sig((dynReq / ev.appended) * 100),
  });

  // (iv) initial load under 429 storms (Retry-After 1 s), counting requests that arrive during a pause.
  const storm = await withSetup(o.stormRecords, o, o.stormCaps, bundle.dir, async (host, rt) => {
    await host.faults([{ path: '/', stormRate: o.stormRate, stormLength: 5, retryAfterSeconds: 1 }], SEED);
    await host.log(true);
    const m = await measure(host, () => rt.runOnce({ mode: 'incremental', flows: ['contacts'] }));
    const log = await host.log(false);
    return { m, pauses: analysePauses(log) };
  });
  const stormCalls =
    campaignCalls(storm.m) +
    (storm.m.after.campaign.injected['throttle'] ?? 0) -
    (storm.m.before.campaign.injected['throttle'] ?? 0);
  const okCalls = campaignCalls(storm.m);
  const activeMs = storm.m.ms - storm.pauses.pausedMs;
  Object.assign(figures, {
    'storm.records': count(storm.m, 'read'),
    'storm.seconds': sig(storm.m.ms / 1000),
    'storm.requests': stormCalls,
    'storm.throttled': storm.pauses.throttled,
    'storm.pauses': storm.pauses.windows,
    'storm.pausedSeconds': sig(storm.pauses.pausedMs / 1000),
    'storm.inFlightAtPause': storm.pauses.inFlight,
    'storm.wastedDuringPause': storm.pauses.wasted,
    'storm.wastedOffsetsMs': storm.pauses.wastedOffsetsMs.join(' '),
    'storm.capCallsPerSec': stormCap,
    'storm.utilisation': sig(okCalls / (storm.m.ms / 1000) / stormCap),
    'storm.utilisationOutsidePauses': sig(okCalls / (activeMs / 1000) / stormCap),
  });
  const f = figures as Record<string, number>;
  const n = (k: string): number => f[k] ?? NaN;
  return {
    name: 'sync',
    figures,
    table: [
      ['run', 'records', 'seconds', 'records/s', 'Campaign calls/rec', 'engine calls/rec', 'utilisation'],
      [
        `bare client, ≤ ${o.caps.concurrency} in flight, ≤ ${o.caps.callsPerSecond}/s`,
        n('raw.created'),
        n('raw.seconds'),
        '',
        `${n('raw.callsPerSec')} calls/s (${n('raw.calls')} calls)`,
        '',
        n('raw.utilisation'),
      ],
      [
        `(i) initial load`,
        n('initial.records'),
        n('initial.seconds'),
        n('initial.recordsPerSec'),
        n('initial.campaignCallsPerRecord'),
        n('initial.engineCallsPerRecord'),
        n('initial.utilisation'),
      ],
      [
        `(ii) incremental, ${n('incremental.changed')} changed`,
        n('incremental.read'),
        '',
        '',
        `${n('incremental.recordCalls')} (+${n('incremental.campaignCalls') - n('incremental.recordCalls')} drift check)`,
        `${n('incremental.engineCalls')} total`,
        '',
      ],
      [
        `(iii) events → Dynamics`,
        n('events.events'),
        n('events.seconds'),
        n('events.perSec'),
        `${n('events.dynamicsRequestsPer100')} Dynamics req/100 events`,
        '',
        '',
      ],
      [
        `(iv) 429 storms (${n('storm.pauses')} pauses), cap ${stormCap}/s`,
        n('storm.records'),
        n('storm.seconds'),
        '',
        `${n('storm.wastedDuringPause')} sent during pauses`,
        '',
        `${n('storm.utilisationOutsidePauses')} outside pauses`,
      ],
    ],
    targets: [
      {
        name: 'utilisation ≥ 0.9 (initial load)',
        met: n('initial.utilisation') >= 0.9,
        detail: `${n('initial.campaignCallsPerSec')} calls/s of a ${cap}/s cap (L=${o.latencyMs} ms, C=${o.caps.concurrency}, callsPerSecond=${o.caps.callsPerSecond}); a bare client reached ${n('raw.utilisation')}, ferry/bare = ${n('initial.vsRawClient')}`,
      },
      {
        name: 'initial load: 1.0 Campaign call per record written, + the listing',
        met: n('initial.recordCallsPerWrite') <= 1,
        detail: `${n('initial.recordCallsPerWrite')} calls per create/update/rejected create, besides the listing (${n('initial.listingCalls')} pages, estimated ${n('initial.listingCallsEstimated')}) and the count probe; ${n('initial.keyLookups')} lookups the index could not answer`,
      },
      {
        name: 'initial load: ≥ 0.95 of a bare client at the same caps',
        met: n('initial.vsRawClient') >= 0.95,
        detail: `ferry ${n('initial.campaignCallsPerSec')} calls/s, bare client ${n('raw.callsPerSec')} calls/s (count probe, ${n('initial.listingCalls')} listing pages, then ${n('raw.created')} profiles created of ${n('raw.calls')} calls, paced to ${o.caps.callsPerSecond}/s); CPU per call: ferry ${n('initial.ferryCpuUsPerRecord')} µs per record, bare client ${n('raw.cpuUsPerCall')} µs; load average ${n('initial.loadAverage')}`,
      },
      {
        name: 'incremental: calls only for changed records',
        met:
          n('incremental.read') === n('incremental.changed') &&
          n('incremental.recordCalls') <= 2 * n('incremental.changed'),
        detail: `${n('incremental.changed')} changed, ${n('incremental.read')} read, ${n('incremental.recordCalls')} Campaign calls for records (${f['incremental.keyListing'] ? `listing ${n('incremental.listingCalls')} pages + count probe + one PATCH each` : 'lookup + PATCH each'}) + ${n('incremental.campaignCalls') - n('incremental.recordCalls')} drift check`,
      },
      {
        name: 'events: ≤ 1 Dynamics request per 100 events',
        met: n('events.dynamicsRequestsPer100') <= 1,
        detail: `${n('events.dynamicsRequests')} requests for ${n('events.events')} events`,
      },
      {
        name: 'storm: no request sent during a Retry-After pause',
        met: n('storm.wastedDuringPause') === 0,
        detail: `${n('storm.wastedDuringPause')} wasted, ${n('storm.inFlightAtPause')} already in flight, ${n('storm.throttled')} throttled`,
      },
      {
        name: 'storm: utilisation ≥ 0.9 outside pauses',
        met: n('storm.utilisationOutsidePauses') >= 0.9,
        detail: `cap min(${o.stormCaps.callsPerSecond}/s, C/L); ${n('storm.utilisation')} overall incl. ${n('storm.pausedSeconds')} s paused`,
      },
    ],
  };
}

// The caps are set here, whatever tenant.yaml says, so that each run has a known binding cap: 1,000 calls/s for
// (i)–(iii) (100,000 records in about 100 s), with the service's concurrency limit (32) well above rate × latency,
// so the calls/s cap binds and ferry sizes its concurrency to it; 400/s with concurrency 8 for the storm run.
const CAPS: FerryCaps = { concurrency: 32, callsPerSecond: 1_000 };
const STORM_CAPS: FerryCaps = { concurrency: 8, callsPerSecond: 400 };

export const run: BenchRun = (opts) =>
  benchSync(
    opts.smoke
      ? {
          records: 500,
          events: 1_000,
          stormRecords: 500,
          latencyMs: 10,
          caps: CAPS,
          stormCaps: STORM_CAPS,
          stormRate: 0.003,
          rawCreates: 300,
        }
      : {
          records: 100_000,
          events: 200_000,
          stormRecords: 4_000,
          latencyMs: 10,
          caps: CAPS,
          stormCaps: STORM_CAPS,
          stormRate: 0.0005,
          rawCreates: 20_000,
        },
  );
