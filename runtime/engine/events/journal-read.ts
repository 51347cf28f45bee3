// Reading the journal for the events flow: a page with the expired-position message, and the position reset.
import type { EventsFlow } from '../../contract.ts';
import { FerryError } from '../../../core/errors.ts';
import type { JournalEntry, JournalPort } from '../../ports.ts';
import type { FlowRunContext } from '../context.ts';
import { throwIfAborted } from '../record-errors.ts';

/** The checkpoint holding the last committed journal position. */
export const POSITION = 'position';

export async function readBatch(
  journal: JournalPort,
  flow: EventsFlow,
  pos: string | null,
  limit: number,
): Promise<readonly JournalEntry[]> {
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
export async function reset(
  ctx: FlowRunContext,
  flow: EventsFlow,
  journal: JournalPort,
  to: 'oldest' | 'latest',
): Promise<string | null> {
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
