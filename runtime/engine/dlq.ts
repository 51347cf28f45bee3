// Dead-letter retry: re-process letters (the current source record when re-read) through the same code paths as a run.
import type { Flow, SourceRow } from '../contract.ts';
import type { JournalEntry } from '../ports.ts';
import type { DeadLetter, DiscardSelector, StateStore } from '../state/port.ts';
import type { FlowRunContext } from './context.ts';
import { entityBase } from './entity/base.ts';
import type { EntityEnv } from './entity/env.ts';
import { processWork, type Work } from './entity/page.ts';
import { Parked } from './entity/parked.ts';
import { writeEntries } from './events/run.ts';
import { retryOptoutRow } from './optout/run.ts';
import { throwIfAborted } from './record-errors.ts';
import { currentRows, storedRow } from './dlq-source.ts';
import { letterPages } from './letter-pages.ts';

const CHUNK = 100;

export interface RetryLetters {
  /** Only these letters (default: every live letter of the flow). */
  readonly letters?: readonly DeadLetter[];
  /** Re-read each record from Dynamics first (`ferry dlq retry`); the in-run retry reuses the rows just read. */
  readonly fresh?: boolean;
  /** Only the letters with these ids (the status page retries one letter). */
  readonly ids?: readonly number[];
}

/** The payload to retry: the record as it is now in Dynamics when re-read, else the stored one (source gone). */
function withCurrent(d: DeadLetter, rows: ReadonlyMap<string, SourceRow>): unknown {
  const row = storedRow(d) === null ? undefined : rows.get(d.sourceId);
  if (row === undefined) return d.payload;
  return { ...(d.payload as object), row };
}

export async function retryDeadLetters(
  ctx: FlowRunContext,
  flow: Flow,
  flows: ReadonlyMap<string, Flow>,
  opts: RetryLetters = {},
): Promise<void> {
  const parked = await Parked.open(ctx.state, flow.name);
  // One env for the whole retry: its key finders and parent resolver are run-scoped, not per page.
  const env =
    flow.kind === 'entity' ? { ...entityBase(ctx, flow, flows), phase: 'incremental' as const } : null;
  const pick = (ls: readonly DeadLetter[]): readonly DeadLetter[] =>
    opts.ids === undefined ? ls : ls.filter((d) => opts.ids?.includes(d.id) === true);
  try {
    // The in-run retry passes its due letters; an operator's retry of a whole flow reads them a page at a time.
    if (opts.letters !== undefined)
      return await retryLetters(ctx, flow, env, parked, pick(opts.letters), opts);
    for await (const page of letterPages(ctx.state, flow.name))
      await retryLetters(ctx, flow, env, parked, pick(page), opts);
  } finally {
    env?.closeKeys(); // success, failure or abort: a key index's file goes with the retry
  }
}

async function retryLetters(
  ctx: FlowRunContext,
  flow: Flow,
  env: EntityEnv | null,
  parked: Parked,
  letters: readonly DeadLetter[],
  opts: RetryLetters,
): Promise<void> {
  if (letters.length === 0) return;
  const rows = opts.fresh === true ? await currentRows(ctx, flow, letters) : new Map<string, SourceRow>();
  if (env !== null) {
    const work = letters.map((d) => withCurrent(d, rows) as Work);
    for (let i = 0; i < work.length; i += CHUNK) {
      throwIfAborted(ctx.signal);
      // Success removes the dead letter; a new failure updates it (attempts + 1).
      await processWork(env, parked, work.slice(i, i + CHUNK));
    }
    return;
  }
  for (const d of letters) {
    throwIfAborted(ctx.signal);
    const p = withCurrent(d, rows) as { kind?: string; entry?: JournalEntry; row?: SourceRow };
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
