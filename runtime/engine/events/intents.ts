// Crash safety of first writes: before a page's upserts are sent, one intent record lists the page's first
// writes; the page's commit deletes it. A record still there when the flow starts is a page sent but never
// committed: its writes become empty-hash ledger rows, so the re-delivered events count as updated (not
// created twice) and are written again (an empty hash never matches).
import { randomUUID } from 'node:crypto';
import type { EventsFlow } from '../../contract.ts';
import type { FlowRunContext } from '../context.ts';
import { targetPath, type PlannedWrite } from './ledger.ts';

/** Records the first writes of a page about to be sent; resolves to the record's key (null: none to record). */
export async function recordIntent(
  ctx: FlowRunContext,
  flow: EventsFlow,
  send: readonly PlannedWrite[],
  syncedAt: string,
): Promise<string | null> {
  const writes: { sourceId: string; targetKey: string }[] = [];
  for (const p of send)
    if (p.prev === undefined) writes.push({ sourceId: p.sourceId, targetKey: targetPath(p.write) });
  if (writes.length === 0) return null;
  const page = randomUUID();
  await ctx.state.putEventIntent({ flow: flow.name, page, syncedAt, writes });
  return page;
}

/** Turns the intent records a crashed run left into intent rows of the ledger (the state before this format). */
export async function recoverIntents(ctx: FlowRunContext, flow: EventsFlow): Promise<void> {
  const left = await ctx.state.listEventIntents(flow.name);
  if (left.length === 0) return;
  await ctx.state.transaction(async () => {
    for (const i of left) {
      await ctx.state.putLedger(
        i.writes.map((w) => ({
          flow: flow.name,
          sourceId: w.sourceId,
          targetKey: w.targetKey,
          hash: '',
          createdByFerry: true,
          matched: false,
          syncedAt: i.syncedAt,
        })),
      );
      await ctx.state.deleteEventIntent(flow.name, i.page);
    }
  });
  ctx.log.info(
    { flow: flow.name, pages: left.length },
    'events pages sent but not committed are written again',
  );
}
