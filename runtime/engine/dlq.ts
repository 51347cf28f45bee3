// Dead-letter retry: re-process stored payloads through the same code paths as a normal run.
import type { Flow, SourceRow } from '../contract.ts';
import type { JournalEntry } from '../ports.ts';
import type { DeadLetter, DiscardSelector, StateStore } from '../state/port.ts';
import type { FlowRunContext } from './context.ts';
import { entityBase } from './entity/base.ts';
import { processWork, type Work } from './entity/page.ts';
import { Parked } from './entity/parked.ts';
import { writeEntries } from './events/run.ts';
import { retryOptoutRow } from './optout/run.ts';
import { throwIfAborted } from './record-errors.ts';

const CHUNK = 100;

export async function retryDeadLetters(
  ctx: FlowRunContext,
  flow: Flow,
  flows: ReadonlyMap<string, Flow>,
): Promise<void> {
  const { parked, letters } = await Parked.load(ctx.state, flow.name);
  if (flow.kind === 'entity') {
    const env = { ...entityBase(ctx, flow, flows), phase: 'incremental' as const };
    const work = letters.map((d) => d.payload as Work);
    for (let i = 0; i < work.length; i += CHUNK) {
      throwIfAborted(ctx.signal);
      // Success removes the dead letter; a new failure updates it (attempts + 1).
      await processWork(env, parked, work.slice(i, i + CHUNK));
    }
    return;
  }
  for (const d of letters) {
    throwIfAborted(ctx.signal);
    const p = d.payload as { kind?: string; entry?: JournalEntry; row?: SourceRow };
    // A new failure upserts the same dead letter (attempts + 1); it is removed only after success.
    const failedBefore = ctx.counts.get('deadLettered');
    if (flow.kind === 'events' && p.entry !== undefined) await writeEntries(ctx, flow, [p.entry]);
    else if (flow.kind === 'optout' && p.row !== undefined) await retryOptoutRow(ctx, flow, p.row);
    else continue;
    if (ctx.counts.get('deadLettered') === failedBefore) await ctx.state.removeDeadLetter(d.id);
  }
}

/**
 * Discard dead letters an operator gave up on: they stop counting and are never retried, and stay stored with
 * who, when and why. Each flow touched gets a `dlq-discard` run in its history with the count.
 */
export async function discardDeadLetters(
  state: StateStore,
  sel: DiscardSelector,
  by: string,
  note: string,
): Promise<readonly DeadLetter[]> {
  const flows = new Map<string, number>();
  const discarded = await state.discardDeadLetters(sel, by, note);
  for (const d of discarded) flows.set(d.flow, (flows.get(d.flow) ?? 0) + 1);
  for (const [flow, n] of flows) {
    const run = await state.startRun(flow, 'dlq-discard');
    await state.endRun(run, { discarded: n }, null);
  }
  return discarded;
}
