// Runs every flow pass after pass until one ends ok with nothing left to write and no pending opt-out.
import type { Runtime } from '../../../runtime/index.ts';

export interface PassSummary {
  readonly failed: readonly string[];
  readonly writes: number;
  readonly pendingOptouts: number;
}

export interface Settled {
  readonly settled: boolean;
  readonly passes: readonly PassSummary[];
  /** Dead letters left at the end, as `flow sourceId: reason` (records the APIs refuse for good). */
  readonly deadLetters: readonly string[];
}

const writesOf = (r: Awaited<ReturnType<Runtime['runOnce']>>): number =>
  r.flows.reduce(
    (n, f) => n + (f.counts['created'] ?? 0) + (f.counts['updated'] ?? 0) + (f.counts['deleted'] ?? 0),
    0,
  );

export async function settle(
  rt: Runtime,
  opts: { maxPasses: number; onProgress?: () => void },
): Promise<Settled> {
  const passes: PassSummary[] = [];
  let settled = false;
  for (let i = 0; i < opts.maxPasses && !settled; i++) {
    const report = await rt.runOnce({
      mode: 'incremental',
      ...(opts.onProgress ? { onProgress: opts.onProgress } : {}),
    });
    // Dead letters are retried the way an operator would (`ferry dlq retry`); parked children also retry on the next run.
    const retried = (await rt.deadLetters()).length > 0 ? await rt.retryDeadLetters() : undefined;
    const all = [...report.flows, ...(retried?.flows ?? [])];
    const failed = all.filter((f) => f.outcome !== 'ok').map((f) => `${f.flow}: ${f.error ?? f.outcome}`);
    const pendingOptouts = (await rt.status()).reduce((n, s) => n + s.pendingOptouts.length, 0);
    const pass = { failed, writes: writesOf(report) + (retried ? writesOf(retried) : 0), pendingOptouts };
    passes.push(pass);
    settled = failed.length === 0 && pass.writes === 0 && pendingOptouts === 0;
  }
  const deadLetters = (await rt.deadLetters()).map((d) => `${d.flow} ${d.sourceId}: ${d.reason}`).sort();
  return { settled, passes, deadLetters };
}
