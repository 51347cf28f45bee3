// Events flow: journal batch → activity upserts → position advanced only after the whole batch is acknowledged.
import type { EventsFlow } from '../../contract.ts';
import { ConfigError, FerryError } from '../../errors.ts';
import type { DynamicsWrite, JournalEntry, JournalPort } from '../../ports.ts';
import type { FlowRunContext } from '../context.ts';
import { isRecordLevel, messageOf, throwIfAborted } from '../record-errors.ts';
import { entryWrites } from './writes.ts';

export const POSITION = 'position';

export async function runEventsFlow(ctx: FlowRunContext, flow: EventsFlow): Promise<void> {
  const journal = ctx.journal;
  if (journal === null) throw new ConfigError('FERRY_NO_JOURNAL', `flow ${flow.name}: tenant has no campaign.journalUrl`);
  let pos = await ctx.state.getCheckpoint(flow.name, POSITION);
  // Replay of an events flow = re-read every retained event; activities are upserted by event id, never duplicated.
  const resetTo = ctx.resetPosition ?? (ctx.mode === 'replay' ? 'oldest' : undefined);
  if (resetTo !== undefined) pos = await reset(ctx, flow, journal, resetTo);
  for (;;) {
    throwIfAborted(ctx.signal);
    const batch = await readBatch(journal, flow, pos, ctx.journalBatch);
    if (batch.length === 0) return;
    await writeEntries(ctx, flow, batch);
    pos = (batch[batch.length - 1] as JournalEntry).position;
    // Dead-lettered entries are acknowledged too: the position never moves past an unhandled event.
    await ctx.state.transaction(() => ctx.state.setCheckpoint(flow.name, POSITION, pos));
    ctx.progress('events');
  }
}

/** Writes entries; failed ones become dead letters with the API message. Returns how many failed. */
export async function writeEntries(ctx: FlowRunContext, flow: EventsFlow, entries: readonly JournalEntry[]): Promise<number> {
  const writes: DynamicsWrite[] = [];
  const byPosition = new Map<string, JournalEntry>();
  let failed = 0;
  for (const entry of entries) {
    ctx.counts.add('read');
    try {
      const w = entryWrites(flow, entry, ctx.counts);
      writes.push(...w);
      byPosition.set(entry.position, entry);
    } catch (err) {
      if (!isRecordLevel(err)) throw err;
      failed++;
      await deadLetter(ctx, flow, entry, messageOf(err));
    }
  }
  if (writes.length === 0) return failed;
  const results = await ctx.dynamics.upsert(writes);
  const dead = new Set<string>();
  for (const r of results) {
    const position = r.ref.slice(0, r.ref.lastIndexOf('#'));
    if (r.ok) {
      // Dynamics answers an upsert with 204 whether it created or updated the row (201 only when asked
      // for the representation), so most activity writes count as `updated`.
      ctx.counts.add(r.status === 201 ? 'created' : 'updated');
      continue;
    }
    if (dead.has(position)) continue;
    dead.add(position);
    const entry = byPosition.get(position);
    if (entry !== undefined) await deadLetter(ctx, flow, entry, `HTTP ${r.status}: ${r.error ?? 'write failed'}`);
  }
  return failed + dead.size;
}

async function deadLetter(ctx: FlowRunContext, flow: EventsFlow, entry: JournalEntry, reason: string): Promise<void> {
  const id = typeof entry.event === 'object' && entry.event !== null && !Array.isArray(entry.event) ? String((entry.event as Record<string, unknown>)['id'] ?? entry.position) : entry.position;
  await ctx.state.addDeadLetter({ flow: flow.name, sourceId: id, payload: { kind: 'event', entry }, reason });
  ctx.counts.deadLetter(reason);
}

async function readBatch(journal: JournalPort, flow: EventsFlow, pos: string | null, limit: number): Promise<readonly JournalEntry[]> {
  try {
    return (await journal.read(pos, limit)).entries;
  } catch (err) {
    if (err instanceof FerryError && err.code === 'FERRY_JOURNAL_POSITION_EXPIRED') {
      throw new FerryError(
        'FERRY_JOURNAL_POSITION_EXPIRED',
        `flow ${flow.name}: journal position ${pos ?? '(oldest)'} has expired, events after it were lost. ` +
          'Run again with --reset-position oldest (re-read every retained event; replays update, never duplicate) or --reset-position latest (skip to now).',
        { cause: err },
      );
    }
    throw err;
  }
}

/** oldest: start over from the oldest retained event. latest: move past everything retained, writing nothing. */
async function reset(ctx: FlowRunContext, flow: EventsFlow, journal: JournalPort, to: 'oldest' | 'latest'): Promise<string | null> {
  ctx.log.warn({ flow: flow.name, to }, 'journal position reset');
  let pos: string | null = null;
  if (to === 'latest') {
    for (;;) {
      throwIfAborted(ctx.signal);
      const entries: readonly JournalEntry[] = (await journal.read(pos, ctx.journalBatch)).entries;
      if (entries.length === 0) break;
      for (let i = 0; i < entries.length; i++) ctx.counts.skip('position reset to latest');
      pos = (entries[entries.length - 1] as JournalEntry).position;
    }
  }
  await ctx.state.transaction(() => ctx.state.setCheckpoint(flow.name, POSITION, pos));
  return pos;
}
