// Events flow: journal batch → activity upserts (only changed ones) → ledger + position committed after the whole batch is acknowledged.
import type { EventsFlow } from '../../contract.ts';
import { ConfigError } from '../../../core/errors.ts';
import { POSITION, readBatch, reset } from './journal-read.ts';
import type { JournalEntry } from '../../ports.ts';
import type { FlowRunContext } from '../context.ts';
import { throwIfAborted } from '../record-errors.ts';
import { ledgerSourceId } from './ledger.ts';
import { commitPage, planPage, sendPage } from './page-write.ts';
import { pruneEventsLedger } from './prune.ts';
import { preparePage, type PreparedPage } from './prepare.ts';

export { POSITION } from './journal-read.ts';
/** Journal events per page when the tenant sets no `campaign.journalBatchSize`. */
export const DEFAULT_JOURNAL_BATCH = 1000;

export async function runEventsFlow(ctx: FlowRunContext, flow: EventsFlow): Promise<void> {
  const journal = ctx.journal;
  if (journal === null)
    throw new ConfigError('FERRY_NO_JOURNAL', `flow ${flow.name}: tenant has no campaign.journalUrl`);
  let pos = await ctx.state.getCheckpoint(flow.name, POSITION);
  // Replay of an events flow = re-read every retained event; activities are upserted by event id, never duplicated.
  const resetTo = ctx.resetPosition ?? (ctx.mode === 'replay' ? 'oldest' : undefined);
  if (resetTo !== undefined) pos = await reset(ctx, flow, journal, resetTo);
  await pruneEventsLedger(ctx, flow);
  // The next page is read and prepared while the current one is written; it is used only once this one is committed.
  const readPage = (
    after: string | null,
  ): Promise<{ entries: readonly JournalEntry[]; page: PreparedPage }> =>
    readBatch(journal, flow, after, ctx.journalBatch).then((entries) => ({
      entries,
      page: preparePage(flow, entries),
    }));
  let next = readPage(pos);
  // The previous page, still on the wire or committing: at most one page waits while the next one is sent.
  let inFlight: { done: Promise<void>; ids: ReadonlySet<string> } | null = null;
  try {
    for (;;) {
      throwIfAborted(ctx.signal);
      const { entries, page } = await next;
      if (entries.length === 0) break;
      pos = (entries[entries.length - 1] as JournalEntry).position;
      next = readPage(pos);
      // A failed write ends the flow: the page read ahead is dropped, and so is its error.
      next.catch(() => undefined);
      const ids = sourceIds(page);
      const prev: { done: Promise<void>; ids: ReadonlySet<string> } | null = inFlight;
      // A record of the page in flight is classified only after that page's ledger is committed.
      if (prev !== null && [...ids].some((id) => prev.ids.has(id))) {
        inFlight = null;
        await prev.done;
      }
      const after = inFlight?.done ?? null;
      // Dead-lettered entries are acknowledged too: the position never moves past an unhandled event.
      const done = writeAfter(ctx, flow, page, pos, after, await planPage(ctx, flow, page));
      done.catch(() => undefined);
      inFlight = { done, ids };
      if (after !== null) await after;
    }
    if (inFlight !== null) await inFlight.done;
  } finally {
    // Nothing of this flow may still write state once it has returned or failed.
    if (inFlight !== null) await inFlight.done.catch(() => undefined);
  }
}

/** Sends a planned page at once, and commits it after the page before it (`after`) has committed. */
async function writeAfter(
  ctx: FlowRunContext,
  flow: EventsFlow,
  page: PreparedPage,
  position: string,
  after: Promise<void> | null,
  plan: Awaited<ReturnType<typeof planPage>>,
): Promise<void> {
  const sent = await sendPage(ctx, flow, page, plan);
  if (after !== null) await after;
  await commitPage(ctx, flow, sent, position);
  ctx.progress('events');
}

function sourceIds(page: PreparedPage): Set<string> {
  return new Set(page.items.map((x) => ledgerSourceId(x.eventId, x.write)));
}

/**
 * Writes entries (only the activities whose ledger hash changed); failed ones become dead letters with the
 * API message. The ledger, and `position` when given, are then committed in one state transaction, after
 * the writes are acknowledged. Returns how many entries failed.
 */
export async function writeEntries(
  ctx: FlowRunContext,
  flow: EventsFlow,
  entries: readonly JournalEntry[],
  position?: string,
): Promise<number> {
  const page = preparePage(flow, entries);
  const sent = await sendPage(ctx, flow, page, await planPage(ctx, flow, page));
  await commitPage(ctx, flow, sent, position);
  return sent.failed;
}
