// Events flow: journal batch → activity upserts (only changed ones) → ledger + position committed after the whole batch is acknowledged.
import type { EventsFlow } from '../../contract.ts';
import type { ErrorCode } from '../../../core/errors.ts';
import { ConfigError } from '../../../core/errors.ts';
import { POSITION, readBatch, reset } from './journal-read.ts';
import type { JournalEntry } from '../../ports.ts';
import type { FlowRunContext } from '../context.ts';
import { countDeadLetter, throwIfAborted } from '../record-errors.ts';
import type { LedgerEntry } from '../../state/port.ts';
import { classify, ledgerEntry } from './ledger.ts';
import { pruneEventsLedger } from './prune.ts';
import { mergeCounts, preparePage, type PreparedPage } from './prepare.ts';

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
  for (;;) {
    throwIfAborted(ctx.signal);
    const { entries, page } = await next;
    if (entries.length === 0) return;
    pos = (entries[entries.length - 1] as JournalEntry).position;
    next = readPage(pos);
    // A failed write ends the flow: the page read ahead is dropped, and so is its error.
    next.catch(() => undefined);
    // Dead-lettered entries are acknowledged too: the position never moves past an unhandled event.
    await writePrepared(ctx, flow, page, pos);
    ctx.progress('events');
  }
}

/**
 * Writes entries (only the activities whose ledger hash changed); failed ones become dead letters with the
 * API message. The ledger, and `position` when given, are then committed in one state transaction, after
 * the writes are acknowledged. Returns how many entries failed.
 */
export function writeEntries(
  ctx: FlowRunContext,
  flow: EventsFlow,
  entries: readonly JournalEntry[],
  position?: string,
): Promise<number> {
  return writePrepared(ctx, flow, preparePage(flow, entries), position);
}

async function writePrepared(
  ctx: FlowRunContext,
  flow: EventsFlow,
  page: PreparedPage,
  position?: string,
): Promise<number> {
  const { items, byPosition } = page;
  mergeCounts(ctx.counts, page.counts);
  let failed = page.failures.length;
  for (const f of page.failures) await deadLetter(ctx, flow, f.entry, f.reason, f.code);
  const planned = items.length === 0 ? [] : await classify(ctx.state, flow, items);
  const send = planned.filter((p) => p.kind !== 'unchanged');
  ctx.counts.add('unchanged', planned.length - send.length);
  const syncedAt = ctx.now().toISOString();
  const puts: LedgerEntry[] = [];
  const drops: string[] = [];
  if (send.length > 0) {
    // Intent rows (empty hash) for first writes: a crash before the commit below re-delivers the batch and
    // counts those as `updated`, not `created` twice. An empty hash never matches, so nothing is skipped.
    const intents = send.filter((p) => p.prev === undefined).map((p) => ledgerEntry(flow, p, '', syncedAt));
    if (intents.length > 0) await ctx.state.putLedger(intents);
    const byRef = new Map(send.map((p) => [p.write.ref, p]));
    const results = await ctx.dynamics.upsert(send.map((p) => p.write));
    const dead = new Set<string>();
    for (const r of results) {
      const p = byRef.get(r.ref);
      if (r.ok) {
        if (p === undefined) continue;
        ctx.counts.add(p.kind);
        puts.push(ledgerEntry(flow, p, p.hash, syncedAt));
        continue;
      }
      if (p !== undefined && p.prev === undefined) drops.push(p.sourceId);
      const pos = r.ref.slice(0, r.ref.lastIndexOf('#'));
      if (dead.has(pos)) continue;
      dead.add(pos);
      const entry = byPosition.get(pos);
      if (entry !== undefined)
        await deadLetter(
          ctx,
          flow,
          entry,
          `HTTP ${r.status}: ${r.error ?? 'write failed'}`,
          r.code ?? 'FERRY_DYNAMICS_REJECTED',
        );
    }
    failed += dead.size;
  }
  await commit(ctx, flow, puts, drops, position);
  return failed;
}

/** Ledger and position move together, so a re-delivered batch is never half-known. */
async function commit(
  ctx: FlowRunContext,
  flow: EventsFlow,
  puts: readonly LedgerEntry[],
  drops: readonly string[],
  position: string | undefined,
): Promise<void> {
  const written = new Set(puts.map((e) => e.sourceId));
  // A refused first write leaves no trace (a later success counts `created`); a written duplicate wins.
  const gone = drops.filter((id) => !written.has(id));
  if (puts.length === 0 && gone.length === 0 && position === undefined) return;
  await ctx.state.transaction(async () => {
    if (position !== undefined) await ctx.state.setCheckpoint(flow.name, POSITION, position);
    await ctx.state.putLedger(puts);
    if (gone.length > 0) await ctx.state.deleteLedger(flow.name, gone);
  });
}

async function deadLetter(
  ctx: FlowRunContext,
  flow: EventsFlow,
  entry: JournalEntry,
  reason: string,
  code: ErrorCode,
): Promise<void> {
  const id =
    typeof entry.event === 'object' && entry.event !== null && !Array.isArray(entry.event)
      ? String((entry.event as Record<string, unknown>)['id'] ?? entry.position)
      : entry.position;
  await ctx.state.addDeadLetter({
    flow: flow.name,
    sourceId: id,
    payload: { kind: 'event', entry },
    reason,
    code,
  });
  countDeadLetter(ctx, flow.name, id, code);
}
