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
import { ReadAhead } from './read-ahead.ts';

export { POSITION } from './journal-read.ts';
/** Journal events per page when the tenant sets no `campaign.journalBatchSize`. */
export const DEFAULT_JOURNAL_BATCH = 1000;
/** Pages sent and not yet committed: while one page's writes are acknowledged, the next two are on the wire. */
export const PAGES_IN_FLIGHT = 3;
/** Journal pages read and prepared ahead of the writer, so it never waits on a read queued behind writes. */
export const READ_AHEAD = 3;

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
  // Pages are read and prepared ahead while earlier ones are written; each is used only once the pages before it are committed.
  const pages = new ReadAhead(
    (after) => readBatch(journal, flow, after, ctx.journalBatch),
    (entries) => preparePage(flow, entries),
    pos,
    READ_AHEAD,
  );
  // Pages sent and not yet committed, oldest first.
  const flight: InFlight[] = [];
  try {
    for (;;) {
      throwIfAborted(ctx.signal);
      // A failed write ends the flow: pages read ahead are dropped, and so are their errors.
      const { entries, page } = await pages.take();
      if (entries.length === 0) break;
      pos = (entries[entries.length - 1] as JournalEntry).position;
      const ids = sourceIds(page);
      const settle = pagesToSettle(flight, ids);
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
    pages.stop();
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
 * How many of the oldest pages in flight to commit before the next page is planned: enough to keep at most
 * PAGES_IN_FLIGHT - 1 sent, and every page up to the newest one sharing a record with the next page (a record
 * is classified only after the ledger of its last write is committed).
 */
export function pagesToSettle(
  flight: readonly { readonly ids: ReadonlySet<string> }[],
  ids: ReadonlySet<string>,
): number {
  const least = Math.max(0, flight.length - (PAGES_IN_FLIGHT - 1));
  for (let k = flight.length - 1; k >= least; k--) {
    const held = (flight[k] as { readonly ids: ReadonlySet<string> }).ids;
    for (const id of ids) if (held.has(id)) return k + 1;
  }
  return least;
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
