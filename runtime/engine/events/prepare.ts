// The CPU part of a journal page (flatten, transform, hash), done without touching state, so the engine can
// prepare the next page while the current one is on the wire.
import type { EventsFlow } from '../../contract.ts';
import type { ErrorCode } from '../../../core/errors.ts';
import type { DynamicsWrite, JournalEntry } from '../../ports.ts';
import { Counts } from '../counts.ts';
import { codeOf, isRecordLevel, messageOf } from '../record-errors.ts';
import { writeHash } from './ledger.ts';
import { eventWrites } from './writes.ts';

export interface PreparedWrite {
  readonly eventId: string;
  readonly write: DynamicsWrite;
  readonly hash: string;
}

export interface PreparedPage {
  readonly items: readonly PreparedWrite[];
  readonly byPosition: ReadonlyMap<string, JournalEntry>;
  /** Entries that cannot be written (record-level errors): dead-lettered when the page is written. */
  readonly failures: readonly {
    readonly entry: JournalEntry;
    readonly reason: string;
    readonly code: ErrorCode;
  }[];
  /** Reads and skips of this page, added to the run's counts when the page is written (not when read ahead). */
  readonly counts: Counts;
}

export function preparePage(flow: EventsFlow, entries: readonly JournalEntry[]): PreparedPage {
  const counts = new Counts();
  const items: PreparedWrite[] = [];
  const byPosition = new Map<string, JournalEntry>();
  const failures: { entry: JournalEntry; reason: string; code: ErrorCode }[] = [];
  for (const entry of entries) {
    counts.add('read');
    try {
      const { eventId, writes } = eventWrites(flow, entry, counts);
      for (const write of writes) items.push({ eventId, write, hash: writeHash(write) });
      byPosition.set(entry.position, entry);
    } catch (err) {
      if (!isRecordLevel(err)) throw err;
      failures.push({ entry, reason: messageOf(err), code: codeOf(err) });
    }
  }
  return { items, byPosition, failures, counts };
}

/** Adds a prepared page's counts to the run's. */
export function mergeCounts(into: Counts, from: Counts): void {
  for (const [key, n] of Object.entries(from.toJSON())) if (n !== 0) into.bump(key, n);
}
