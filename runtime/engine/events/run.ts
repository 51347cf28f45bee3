// Events flow: journal batch → activity upserts (only changed ones) → ledger + position committed after the whole batch is acknowledged.
import type { EventsFlow } from '../../contract.ts';
import { ConfigError } from '../../../core/errors.ts';
import { POSITION, readBatch, reset } from './journal-read.ts';
import type { JournalEntry } from '../../ports.ts';
import type { FlowRunContext } from '../context.ts';
import { throwIfAborted } from '../record-errors.ts';
import { recoverIntents } from './intents.ts';
import { ledgerSourceId } from './ledger.ts';
import { commitPage, planPage, sendPage, type SentPage } from './page-write.ts';
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
  // Before pruning: recovered intent rows are pruned by the same rule as any other ledger row.
  await recoverIntents(ctx, flow);
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
  // Pages sent and not yet committed, oldest first: at most one is on the wire while the next is planned.
  const flight: InFlight[] = [];
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
      // A record of a page in flight is classified only after that page's ledger is committed.
      const newest = flight[flight.length - 1];
      const settle =
        newest !== undefined && [...ids].some((id) => newest.ids.has(id)) ? flight.length : flight.length - 1;
      for (let i = 1; i < settle; i++) await commitOldest(ctx, flow, flight);
      // The oldest page's commit and this page's intent rows share one state transaction.
      const plan =
        settle >= 1
          ? await commitOldest(ctx, flow, flight, () => planPage(ctx, flow, page))
          : await planPage(ctx, flow, page);
      const sent = sendPage(ctx, flow, page, plan);
      sent.catch(() => undefined);
      // Dead-lettered entries are acknowledged too: the position never moves past an unhandled event.
      flight.push({ sent, position: pos, ids });
    }
    while (flight.length > 0) await commitOldest(ctx, flow, flight);
  } finally {
    // Nothing of this flow may still write state once it has returned or failed.
    for (const f of flight) await f.sent.catch(() => undefined);
  }
}

interface InFlight {
  readonly sent: Promise<SentPage>;
  readonly position: string;
  readonly ids: ReadonlySet<string>;
}

/** Waits for the oldest page's writes to be acknowledged, then commits its ledger and position (with `also` in the same transaction). */
async function commitOldest<T = void>(
  ctx: FlowRunContext,
  flow: EventsFlow,
  flight: InFlight[],
  also?: () => Promise<T>,
): Promise<T> {
  const oldest = flight[0] as InFlight;
  const sent = await oldest.sent;
  flight.shift();
  const out = await ctx.state.transaction(async () => {
    await commitPage(ctx, flow, sent, oldest.position);
    return also?.() as Promise<T>;
  });
  ctx.progress('events');
  return out;
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
  await recoverIntents(ctx, flow);
  const page = preparePage(flow, entries);
  const sent = await sendPage(ctx, flow, page, await planPage(ctx, flow, page));
  await commitPage(ctx, flow, sent, position);
  return sent.failed;
}
