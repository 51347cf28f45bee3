// Writing one prepared journal page in three phases: plan (classify, record the page's intent), send (the
// activity upserts, dead letters for refusals) and commit (ledger + position, intent deleted, in one
// transaction), so the engine can send the next page while this one's writes are on the wire and still commit
// pages strictly in journal order.
import type { EventsFlow } from '../../contract.ts';
import type { ErrorCode } from '../../../core/errors.ts';
import type { JournalEntry } from '../../ports.ts';
import type { LedgerEntry } from '../../state/port.ts';
import type { FlowRunContext } from '../context.ts';
import { countDeadLetter } from '../record-errors.ts';
import { POSITION } from './journal-read.ts';
import { recordIntent } from './intents.ts';
import { classify, ledgerEntry, type PlannedWrite } from './ledger.ts';
import { mergeCounts, type PreparedPage } from './prepare.ts';

/** What a sent page still has to commit. */
export interface SentPage {
  readonly puts: readonly LedgerEntry[];
  readonly drops: readonly string[];
  readonly failed: number;
  /** Key of the page's intent record (null: the page had no first write). */
  readonly intent: string | null;
}

/** A classified page, its intent recorded: what sendPage needs. */
export interface PlannedPage {
  readonly send: readonly PlannedWrite[];
  readonly syncedAt: string;
  readonly intent: string | null;
}

/** Classifies the page against the ledger and records its intent; `upsert` is then safe to call. */
export async function planPage(
  ctx: FlowRunContext,
  flow: EventsFlow,
  page: PreparedPage,
): Promise<PlannedPage> {
  mergeCounts(ctx.counts, page.counts);
  for (const f of page.failures) await deadLetter(ctx, flow, f.entry, f.reason, f.code);
  const planned = page.items.length === 0 ? [] : await classify(ctx.state, flow, page.items);
  const send = planned.filter((p) => p.kind !== 'unchanged');
  ctx.counts.add('unchanged', planned.length - send.length);
  const syncedAt = ctx.now().toISOString();
  // A crash before the commit re-delivers the page; its intent makes the first writes count as `updated` then.
  const intent = await recordIntent(ctx, flow, send, syncedAt);
  return { send, syncedAt, intent };
}

/** Sends the planned writes (only the activities whose ledger hash changed); refused ones become dead letters with the API message. */
export async function sendPage(
  ctx: FlowRunContext,
  flow: EventsFlow,
  page: PreparedPage,
  plan: PlannedPage,
): Promise<SentPage> {
  const { send, syncedAt, intent } = plan;
  const puts: LedgerEntry[] = [];
  const drops: string[] = [];
  let failed = page.failures.length;
  if (send.length === 0) return { puts, drops, failed, intent };
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
    const entry = page.byPosition.get(pos);
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
  return { puts, drops, failed, intent };
}

/** Ledger and position move together, so a re-delivered batch is never half-known. */
export async function commitPage(
  ctx: FlowRunContext,
  flow: EventsFlow,
  sent: SentPage,
  position: string | undefined,
): Promise<void> {
  const written = new Set(sent.puts.map((e) => e.sourceId));
  // A refused first write leaves no trace (a later success counts `created`); a written duplicate wins.
  const gone = sent.drops.filter((id) => !written.has(id));
  if (sent.puts.length === 0 && gone.length === 0 && position === undefined && sent.intent === null) return;
  await ctx.state.transaction(async () => {
    if (position !== undefined) await ctx.state.setCheckpoint(flow.name, POSITION, position);
    await ctx.state.putLedger(sent.puts);
    if (gone.length > 0) await ctx.state.deleteLedger(flow.name, gone);
    if (sent.intent !== null) await ctx.state.deleteEventIntent(flow.name, sent.intent);
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
