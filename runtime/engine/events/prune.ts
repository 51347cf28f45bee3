// Events-flow ledger growth: one entry per activity forever would grow without bound, but only events the
// journal can still deliver need one, so old entries are dropped.
import type { EventsFlow } from '../../contract.ts';
import type { FlowRunContext } from '../context.ts';

/**
 * Entries last written more than this long ago are pruned. The journal keeps events 7 days, and an entry
 * is written no earlier than its event exists, so every event a replay (reset to oldest) or a re-delivered
 * batch can bring back is still known; the rest is margin for clock skew and a longer configured retention.
 */
export const EVENTS_LEDGER_RETENTION_DAYS = 30;
/** Pruning scans the flow's ledger, so it runs at most this often per flow (not on every --follow pass). */
export const PRUNE_EVERY_MS = 6 * 3_600_000;
export const PRUNED_AT = 'ledgerPrunedAt';
const DAY_MS = 86_400_000;

/** Deletes old ledger entries of the flow when the store supports it; returns how many went. */
export async function pruneEventsLedger(ctx: FlowRunContext, flow: EventsFlow): Promise<number> {
  if (ctx.state.pruneLedger === undefined) return 0;
  const now = ctx.now();
  const last = await ctx.state.getCheckpoint(flow.name, PRUNED_AT);
  if (last !== null && now.getTime() - Date.parse(last) < PRUNE_EVERY_MS) return 0;
  const before = new Date(now.getTime() - EVENTS_LEDGER_RETENTION_DAYS * DAY_MS).toISOString();
  const n = await ctx.state.transaction(async () => {
    const removed = (await ctx.state.pruneLedger?.(flow.name, before)) ?? 0;
    await ctx.state.setCheckpoint(flow.name, PRUNED_AT, now.toISOString());
    return removed;
  });
  if (n > 0) {
    ctx.counts.bump('ledgerPruned', n);
    ctx.log.info({ flow: flow.name, removed: n, syncedBefore: before }, 'events ledger pruned');
  }
  return n;
}
