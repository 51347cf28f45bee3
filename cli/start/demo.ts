// `ferry start`, the whole story: seeded emulators → compile → first pass → outside changes → incremental pass
// → report → verification. Returns the exit code (0 only when verified); always cleans up.
import type { CliIo } from '../context.ts';
import { progressBars } from '../run-output.ts';
import type { ProgressEvent, RunReport, Runtime } from '../../runtime/index.ts';
import { Cleanup, CompileFailed, openDemo, type DemoEnv } from './environment.ts';
import { applyMutations } from './mutations/index.ts';
import {
  compileLine,
  printChecks,
  printMutations,
  printOutcome,
  printPass,
  seededLine,
  toJson,
  type DemoResult,
  type Pass,
} from './report.ts';
import { journalEvents, resourcesOf, tablesOf, takeSnapshot, type Snapshot } from './snapshot.ts';
import { verify } from './verify/index.ts';
import { printDiagnostics } from '../report.ts';
import { summaryTable } from './summary.ts';

export interface StartOptions {
  readonly root: string;
  readonly seed: number;
  readonly contacts: number;
  readonly json: boolean;
  readonly keep: boolean;
  readonly signal?: AbortSignal;
  /** Hook between the last pass and verification (tests tamper with the stores here). */
  readonly beforeVerify?: (env: DemoEnv) => void | Promise<void>;
}

export async function runStart(o: StartOptions, io: CliIo): Promise<number> {
  const t0 = performance.now();
  const cleanup = new Cleanup();
  // Plain lines go to stderr with --json so stdout stays one JSON document.
  const say = (s: string): void => (o.json ? io.err(s) : io.out(s));
  try {
    say(`ferry start: the sandbox tenant end to end (seed ${o.seed}, ${o.contacts} contacts)`);
    const env = await openDemo({ root: o.root, seed: o.seed, contacts: o.contacts, keep: o.keep }, cleanup);
    say(
      `emulators: Dynamics ${env.sandbox.info.dynamics.url}, Campaign ${env.sandbox.info.campaign.url}, journal ${env.sandbox.info.campaign.journalUrl}`,
    );
    say(seededLine(env));
    say(compileLine(o.root, env.compile, env.bundleDir));
    if (!o.json) io.out(summaryTable(env.mappings));
    say(
      `runtime: ${env.rt.tenant.campaign.callsPerSecond ?? 20} Campaign calls/s (tenant.yaml's 20/s lifted: the emulator has no quota), state in a temp SQLite file`,
    );
    if (o.keep) say(`--keep: bundle and state file stay in ${env.tmp}`);

    const snap = (): Snapshot =>
      takeSnapshot(env.sandbox, tablesOf(env.rt.bundle.flows), resourcesOf(env.rt.bundle.flows));
    const s0 = snap();
    const passes: Pass[] = [];
    const pass1 = await runPass(env.rt, 'pass 1: initial load, all flows', o, say);
    passes.push(pass1);
    if (o.signal?.aborted) return interrupted(say);
    if (!o.json) printPass(io, pass1);
    const p1 = snap();

    const mutations = applyMutations({
      sandbox: env.sandbox,
      clock: env.clock,
      seed: o.seed,
      before: s0,
      after: p1,
    });
    if (!o.json) printMutations(io, mutations);
    const s1 = snap();
    const pass2 = await runPass(env.rt, 'pass 2: incremental', o, say);
    passes.push(pass2);
    if (o.signal?.aborted) return interrupted(say);
    if (!o.json) printPass(io, pass2);

    await o.beforeVerify?.(env);
    const checks = verify({
      flows: env.rt.bundle.flows,
      s0,
      p1,
      s1,
      final: snap(),
      events: journalEvents(env.sandbox),
      deadLetters: await env.rt.deadLetters(),
      pending: (
        await Promise.all(
          env.rt.bundle.flows
            .filter((f) => f.kind === 'optout')
            .map((f) => env.rt.state.listPendingOptouts(f.name)),
        )
      ).flat(),
    });
    const verified =
      checks.every((c) => c.failed === 0) &&
      passes.every((p) => p.report.flows.every((f) => f.outcome === 'ok'));
    const result: DemoResult = {
      seed: o.seed,
      seeded: env.seeded,
      compile: env.compile,
      passes,
      mutations,
      checks,
      verified,
      ms: Math.round(performance.now() - t0),
    };
    if (o.json) io.out(toJson(result));
    else {
      printChecks(io, checks);
      printOutcome(io, result);
    }
    return verified ? 0 : 1;
  } catch (err) {
    if (err instanceof CompileFailed) printDiagnostics(io, err.diagnostics, { json: false });
    io.err(`error: ${err instanceof Error ? err.message : String(err)}`);
    return 1;
  } finally {
    await cleanup.run();
  }
}

async function runPass(rt: Runtime, name: string, o: StartOptions, say: (s: string) => void): Promise<Pass> {
  say(`\n${name} …`);
  const bars = progressBars(!o.json);
  const seen = new Set<string>();
  // Without a terminal: one plain line per flow as it starts.
  const plain = (e: ProgressEvent): void => {
    if (seen.has(e.flow)) return;
    seen.add(e.flow);
    say(`  ${e.flow}: ${e.phase}`);
  };
  const t = performance.now();
  let report: RunReport;
  try {
    report = await rt.runOnce({
      mode: 'incremental',
      onProgress: bars.onProgress ?? plain,
      ...(o.signal ? { signal: o.signal } : {}),
    });
  } finally {
    bars.stop();
  }
  return { name, report, ms: Math.round(performance.now() - t) };
}

function interrupted(say: (s: string) => void): number {
  say('interrupted: stopping the emulators and removing temp files');
  return 1;
}
