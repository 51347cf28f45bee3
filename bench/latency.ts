// Latency of a change: a contact edited in Dynamics (a PATCH through the Web API) until its new value is
// readable in Campaign, with ferry as a real CLI process at the default interval: `ferry run --follow`, then
// `ferry serve` resuming on the same state. Emulators run in their own process; the benchmark reads Campaign
// beside its API (emulator host), so its polling costs ferry no Campaign quota. Also measured: the Dynamics
// requests an idle ferry spends per minute, against the service protection limit of 6,000 per 5 minutes.
import { SANDBOX } from '../emulators/index.ts';
import { contactAt, contactIdAt } from '../emulators/seed/index.ts';
import { dynamicsEditor, type DynamicsEditor } from './support/dynamics-edit.ts';
import { startEmulatorHost, type EmulatorHost } from './support/emulator-client.ts';
import type { HostCounters } from './support/emulator-protocol.ts';
import { startFollow, stopCli, type CliProcess } from './support/follow-process.ts';
import { editLatencies, warmUp } from './support/latency-probe.ts';
import { removeProject, serveProject, startServe } from './support/serve-process.ts';
import { sleep } from './support/stats.ts';
import { tempState } from './support/state.ts';
import type { BenchResult, BenchRun } from './types.ts';
import { report, type ModeResult, type Sizes } from './support/latency-report.ts';
import { FerryError } from '../core/errors.ts';

const SEED = 73;
const MAPPINGS = ['contacts', 'vehicles', 'service-visits', 'email-events', 'optout'];

/**
 * The first window of `ms` (of at most four) in which ferry is idle: at most one Campaign request per 2.5 s, so
 * the initial load's tail (other flows, the opt-out read-back) is over. Its counters at both ends.
 */
async function idleWindow(host: EmulatorHost, ms: number): Promise<[HostCounters, HostCounters]> {
  let c0 = await host.counters();
  for (let k = 0; ; k++) {
    await sleep(ms);
    const c1 = await host.counters();
    if (c1.campaign.requests - c0.campaign.requests <= ms / 2500 || k === 3) return [c0, c1];
    c0 = c1;
  }
}

async function measure(
  mode: string,
  p: CliProcess,
  host: EmulatorHost,
  editor: DynamicsEditor,
  ids: readonly string[],
  z: Sizes,
): Promise<ModeResult> {
  const died = p.exited.then((code) => {
    throw new FerryError('FERRY_BENCH_CHILD', `${mode} exited (${code ?? 'signal'}): ${p.err.slice(-1500)}`);
  });
  died.catch(() => undefined);
  try {
    const probe = { host, editor, timeoutMs: 60_000, died };
    // Up, past its first pass, and in its steady cycle: one edit seen end to end.
    await warmUp({ ...probe, ids: ids.slice(0, 1), tag: `Warm-${mode}` });
    // Only contacts Campaign holds: the seed has a few that Campaign refuses (dead letters), never readable.
    const held = await host.profiles(ids.slice(1), 'externalId');
    const targets = ids.slice(1).filter((_, i) => held[i] !== null);
    const [c0, c1] = await idleWindow(host, z.idleMs);
    const perMin = (a: number, b: number): number => ((b - a) / z.idleMs) * 60_000;
    const diff = (a: Readonly<Record<string, number>>, b: Readonly<Record<string, number>>): string[] =>
      Object.entries(b)
        .filter(([k, n]) => n !== (a[k] ?? 0))
        .map(([k, n]) => `${k} ${n - (a[k] ?? 0)}`);
    const latencies = await editLatencies({
      ...probe,
      ids: targets,
      edits: z.edits,
      windowMs: z.windowMs,
      seed: SEED + mode.length,
      tag: `Lat-${mode}`,
    });
    return {
      mode,
      latencies,
      idleDynamicsPerMin: perMin(c0.dynamics.requests, c1.dynamics.requests),
      idleCampaignPerMin: perMin(c0.campaign.requests, c1.campaign.requests),
      idleByRoute: [
        ...diff(c0.dynamics.byRoute, c1.dynamics.byRoute).map((d) => `Dynamics ${d}`),
        ...diff(c0.campaign.byOperation, c1.campaign.byOperation).map((d) => `Campaign ${d}`),
      ].join(', '),
      exit: await stopCli(p),
    };
  } finally {
    await stopCli(p);
  }
}

export const run: BenchRun = async ({ smoke }): Promise<BenchResult> => {
  const contacts = smoke ? 80 : 400;
  const z: Sizes = smoke
    ? { edits: 5, windowMs: 3000, idleMs: 2000 }
    : { edits: 40, windowMs: 15_000, idleMs: 10_000 };
  // Contacts the mapping syncs (it skips those without an email); each mode edits its own ones.
  const synced = Array.from({ length: contacts }, (_, i) => i)
    .filter((i) => contactAt(SEED, i)['emailaddress1'] != null)
    .map((i) => contactIdAt(SEED, i));
  const half = Math.floor(synced.length / 2);
  const host = await startEmulatorHost({ seed: SEED, contacts, latencyMs: 0 });
  const state = await tempState();
  let root: string | null = null;
  try {
    root = await serveProject(host.info, state.url, MAPPINGS);
    const editor = await dynamicsEditor(host.info, SANDBOX.dynamicsClientId);
    // `run --follow` does the initial load; `serve` then resumes on the same state (the follow process has exited).
    const follow = await measure(
      'follow',
      startFollow(root, host.info),
      host,
      editor,
      synced.slice(0, half),
      z,
    );
    const serve = await measure(
      'serve',
      startServe(root, host.info, 'bench-latency', {}),
      host,
      editor,
      synced.slice(half),
      z,
    );
    return report([follow, serve], z);
  } finally {
    await host.close();
    await state.dispose();
    if (root !== null) await removeProject(root);
  }
};
