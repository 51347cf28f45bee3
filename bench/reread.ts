// Full re-read skip: N contacts loaded once, then every source row read again, with nothing changed and with
// 1% changed, through both of ferry's full re-reads: the one after an expired Dynamics delta token (diff
// only: the ledger's hashes decide) and `ferry replay` (re-sends on purpose; equal live values are no write).
// Counted at the Campaign emulator: listing pages, count probes, lookups, writes and engine calls. The
// minimal cost is the listing of the profiles (its pages) plus one write per record that needs one (a changed
// row that is filtered out or refused needs none).
import { FerryError } from '../core/errors.ts';
import type { RunReport } from '../runtime/engine/engine.ts';
import type { Runtime } from '../runtime/index.ts';
import { LIST_PAGE } from '../runtime/engine/entity/key-index/plan.ts';
import { sharedSandbox } from './support/bundle.ts';
import { startEmulatorHost, type EmulatorHost } from './support/emulator-client.ts';
import type { HostCounters } from './support/emulator-protocol.ts';
import { benchRuntime, type FerryCaps } from './support/ferry.ts';
import { sig } from './support/stats.ts';
import { tempState } from './support/state.ts';
import type { BenchResult, BenchRun } from './types.ts';

const SEED = 13;
/** No binding cap and no latency: the figures are calls, the seconds are ferry's and the emulators' CPU. */
const CAPS: FerryCaps = { concurrency: 16, callsPerSecond: 1_000_000 };
const WEEK_MS = 7 * 24 * 3600 * 1000;

export interface Pass {
  readonly name: string;
  readonly changed: number;
  readonly read: number;
  readonly seconds: number;
  readonly listPages: number;
  readonly lookups: number;
  readonly counts: number;
  readonly writes: number;
  /** Creates Campaign refused again: dead letters re-sent (replay re-sends them on purpose). */
  readonly refused: number;
  readonly recordCalls: number;
  readonly driftCalls: number;
  readonly engineCalls: number;
  readonly dynamicsRequests: number;
  readonly minimal: number;
}

/** `changed`: records changed at the source since the last pass (null: a first load, every write counts). */
async function pass(
  host: EmulatorHost,
  name: string,
  changedAtSource: number | null,
  records: number,
  fn: () => Promise<RunReport>,
): Promise<Pass> {
  const before = await host.counters();
  const t0 = performance.now();
  const report = await fn();
  const seconds = (performance.now() - t0) / 1000;
  const after = await host.counters();
  const flow = report.flows[0];
  if (!flow || flow.outcome !== 'ok')
    throw new FerryError(
      'FERRY_BENCH_RUN',
      `${name}: contacts ${flow?.outcome ?? 'missing'} ${flow?.error ?? ''}`,
    );
  const op = (k: string): number => delta(before, after, k);
  const writes = op('insert') + op('update') + op('updateNoop') + op('delete');
  const listPages = flow.counts['keyIndex:listingCalls'] ?? 0;
  const requests = after.campaign.requests - before.campaign.requests;
  const changed = changedAtSource ?? writes;
  return {
    name,
    changed,
    read: flow.counts['read'] ?? 0,
    seconds,
    listPages,
    // Key-filter GETs count as 'list' at the emulator; so do the listing's pages and the count probe's page of 1.
    lookups: op('list') - listPages - op('count'),
    counts: op('count'),
    writes,
    refused: op('rejected'),
    recordCalls: requests - op('metadata'),
    driftCalls: op('metadata'),
    engineCalls: after.campaign.engineCalls - before.campaign.engineCalls,
    dynamicsRequests: after.dynamics.requests - before.dynamics.requests,
    minimal: Math.ceil(records / LIST_PAGE) + writes,
  };
}

const delta = (a: HostCounters, b: HostCounters, k: string): number =>
  (b.campaign.byOperation[k] ?? 0) - (a.campaign.byOperation[k] ?? 0);

/** A re-read after the Dynamics delta token expired (the emulator refuses every token for this run). */
async function expiredRun(host: EmulatorHost, rt: Runtime): Promise<RunReport> {
  await host.deltaMaxAge(-1);
  try {
    return await rt.runOnce({ mode: 'incremental', flows: ['contacts'] });
  } finally {
    await host.deltaMaxAge(WEEK_MS);
  }
}

export async function benchReread(records: number): Promise<BenchResult> {
  const bundle = await sharedSandbox();
  const host = await startEmulatorHost({ seed: SEED, contacts: records, latencyMs: 0 });
  const state = await tempState();
  const passes: Pass[] = [];
  try {
    const rt = await benchRuntime(host.info, bundle.dir, CAPS, state.url);
    try {
      const incr = () => rt.runOnce({ mode: 'incremental', flows: ['contacts'] });
      const replay = () => rt.runOnce({ mode: 'replay', flows: ['contacts'] });
      passes.push(await pass(host, 'initial load', null, records, incr));
      passes.push(await pass(host, 'expired token, nothing changed', 0, records, () => expiredRun(host, rt)));
      let changed = await host.touch(100, 1);
      passes.push(
        await pass(host, 'expired token, 1% changed', changed, records, () => expiredRun(host, rt)),
      );
      passes.push(await pass(host, 'replay, nothing changed', 0, records, replay));
      changed = await host.touch(100, 2);
      passes.push(await pass(host, 'replay, 1% changed', changed, records, replay));
    } finally {
      await rt.close();
    }
  } finally {
    await host.close();
    await state.dispose();
  }
  return report(records, passes);
}

function report(records: number, passes: readonly Pass[]): BenchResult {
  const figures: Record<string, number | string | boolean> = { records, listPageSize: LIST_PAGE };
  const slug = ['initial', 'expired.unchanged', 'expired.changed', 'replay.unchanged', 'replay.changed'];
  passes.forEach((p, i) => {
    const s = slug[i] ?? p.name;
    Object.assign(figures, {
      [`${s}.changed`]: p.changed,
      [`${s}.read`]: p.read,
      [`${s}.seconds`]: sig(p.seconds),
      [`${s}.listPages`]: p.listPages,
      [`${s}.countCalls`]: p.counts,
      [`${s}.lookups`]: p.lookups,
      [`${s}.writes`]: p.writes,
      [`${s}.recordCalls`]: p.recordCalls,
      [`${s}.driftCheckCalls`]: p.driftCalls,
      [`${s}.engineCalls`]: p.engineCalls,
      [`${s}.dynamicsRequests`]: p.dynamicsRequests,
      [`${s}.minimalCalls`]: p.minimal,
      [`${s}.callsVsMinimal`]: sig(p.recordCalls / p.minimal),
    });
  });
  const [, eu, ec, ru, rc] = passes as [Pass, Pass, Pass, Pass, Pass];
  const line = (p: Pass): string =>
    `${p.recordCalls} calls (${p.listPages} listing pages, ${p.counts} count, ${p.lookups} lookups, ${p.writes} writes, ${p.refused} refused creates), minimal ${p.minimal}`;
  return {
    name: 'reread',
    figures,
    table: [
      [
        'pass',
        'rows read',
        'changed at source',
        'seconds',
        'Campaign calls',
        'listing pages + count',
        'lookups',
        'writes',
        'refused creates',
        'engine calls',
        'vs minimal',
      ],
      ...passes.map((p) => [
        p.name,
        p.read,
        p.changed,
        sig(p.seconds),
        `${p.recordCalls} (+${p.driftCalls} drift check)`,
        `${p.listPages} + ${p.counts}`,
        p.lookups,
        p.writes,
        p.refused,
        p.engineCalls,
        sig(p.recordCalls / p.minimal),
      ]),
    ],
    targets: [
      {
        name: 'full re-read, nothing changed: no write',
        met: eu.writes === 0 && ru.writes === 0,
        detail: `expired token: ${eu.writes} writes; replay: ${ru.writes} writes (${ru.refused} dead letters re-sent: replay retries them on purpose)`,
      },
      {
        name: 'expired token, nothing changed: no lookup, no refused create, calls ≤ the listing',
        met: eu.lookups === 0 && eu.refused === 0 && eu.recordCalls <= eu.minimal,
        detail: line(eu),
      },
      {
        // A changed row that was a dead letter is tried again (and may be refused again): it counts as a write.
        name: 'expired token, 1% changed: writes ≤ changed, calls ≤ 2 × minimal',
        met: ec.writes + ec.refused <= ec.changed && ec.recordCalls <= 2 * ec.minimal,
        detail: `${ec.changed} changed: ${line(ec)}`,
      },
      {
        name: 'replay: writes ≤ changed, calls besides re-sent dead letters ≤ 2 × minimal',
        met: ru.writes === 0 && rc.writes <= rc.changed && rc.recordCalls - 2 * rc.refused <= 2 * rc.minimal,
        detail: `nothing changed: ${line(ru)}; ${rc.changed} changed: ${line(rc)}`,
      },
      {
        name: 'every row read on each full re-read',
        met: passes.every((p) => p.read === records),
        detail: passes.map((p) => `${p.read}`).join(' / ') + ` of ${records}`,
      },
    ],
  };
}

export const run: BenchRun = (opts) => benchReread(opts.smoke ? 2_000 : 20_000);
