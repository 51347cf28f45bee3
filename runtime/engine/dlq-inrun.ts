// Inside one run, once the flow's other records are done: its transient dead letters are retried in a few rounds.
import { setTimeout as sleep } from 'node:timers/promises';
import type { Flow } from '../contract.ts';
import type { DeadLetter } from '../state/port.ts';
import type { FlowRunContext } from './context.ts';
import { retryDeadLetters } from './dlq.ts';
import { letterPages, lettersOf } from './letter-pages.ts';
import { retryPending } from './optout/pending.ts';
import { CancelledError, PARENT_MISSING } from './record-errors.ts';

/** Rounds after the main pass, waiting 1 s, 2 s, 4 s, 8 s before each (faults rarely hit one record twice). */
export const IN_RUN_RETRY = { rounds: 4, firstWaitMs: 1000 } as const;

/**
 * Letters ferry retries by itself, except orphans (their parent decides, at the next run's start): those that
 * failed in this run (since `since`) and those from earlier runs whose next retry time has come.
 */
async function dueLetters(ctx: FlowRunContext, flow: Flow, since: string): Promise<DeadLetter[]> {
  const now = ctx.now().getTime();
  const due: DeadLetter[] = [];
  // A page at a time: only the due letters are kept (waiting orphans can be many).
  for await (const page of letterPages(ctx.state, flow.name, { state: 'retrying' }))
    for (const d of page)
      if (
        !d.reason.startsWith(PARENT_MISSING) &&
        (d.lastAttemptAt >= since || (d.nextRetryAt !== null && Date.parse(d.nextRetryAt) <= now))
      )
        due.push(d);
  return due;
}

/** Records with a pending opt-out write (counted once per record and side, as when they were parked). */
async function pendingRecords(ctx: FlowRunContext, flow: Flow): Promise<number> {
  const pending = await ctx.state.listPendingOptouts(flow.name);
  return new Set(pending.map((p) => `${p.side}\u0000${p.sourceId}`)).size;
}

/** Dead-letter counts of a run (total and per code), to put back after a retry round recounted them. */
const letterCounts = (c: FlowRunContext['counts']): [string, number][] =>
  Object.entries(c.toJSON()).filter(([k]) => k === 'deadLettered' || k.startsWith('deadLettered:'));

export async function retryWithinRun(
  ctx: FlowRunContext,
  flow: Flow,
  flows: ReadonlyMap<string, Flow>,
  since: string,
): Promise<void> {
  const { rounds, firstWaitMs } = ctx.inRunRetry ?? IN_RUN_RETRY;
  for (let round = 0; round < rounds; round++) {
    const letters = await dueLetters(ctx, flow, since);
    // Pending opt-outs are retried again only when this run met transient failures (others wait for the next run).
    const pending =
      flow.kind === 'optout' && (ctx.outage?.absorbed ?? 0) > 0 ? await pendingRecords(ctx, flow) : 0;
    if (letters.length === 0 && pending === 0) return;
    try {
      await sleep(firstWaitMs * 2 ** round, undefined, ctx.signal ? { signal: ctx.signal } : {});
    } catch {
      throw new CancelledError();
    }
    const before = letterCounts(ctx.counts);
    if (letters.length > 0) await retryDeadLetters(ctx, flow, flows, { letters });
    if (pending > 0 && flow.kind === 'optout') await retryPending(ctx, flow);
    await settleCounts(ctx, flow, letters, before, since, pending);
  }
}

/**
 * A record counts once per run: a retried letter that failed again is not counted twice, one that went through
 * is no longer counted (and counts as `recovered`), and one from an earlier run still failing is counted now.
 */
async function settleCounts(
  ctx: FlowRunContext,
  flow: Flow,
  letters: readonly DeadLetter[],
  before: readonly [string, number][],
  since: string,
  pendingBefore: number,
): Promise<void> {
  const c = ctx.counts;
  for (const [k, n] of before) c.bump(k, n - c.get(k));
  // Which of the retried letters are still live: their own rows, not the flow's every letter.
  const retried = letters.map((d) => d.sourceId);
  const live = new Set((await lettersOf(ctx.state, flow.name, retried)).map((d) => d.id));
  const dec = (d: DeadLetter, n: number) => {
    c.bump('deadLettered', n);
    if (d.code !== null) c.bump(`deadLettered:${d.code}`, n);
  };
  for (const d of letters) {
    const thisRun = d.lastAttemptAt >= since;
    if (!live.has(d.id)) {
      c.bump('recovered');
      if (thisRun) dec(d, -1);
    } else if (!thisRun) dec(d, 1);
  }
  if (pendingBefore > 0 && flow.kind === 'optout') {
    const done = pendingBefore - (await pendingRecords(ctx, flow));
    if (done > 0) {
      c.bump('recovered', done);
      c.bump('deadLettered', -Math.min(done, c.get('deadLettered')));
    }
  }
}
