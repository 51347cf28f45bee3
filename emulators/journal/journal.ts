// The in-memory journal: contiguous positions, forward reads, retention window on an injectable clock.
import type { Clock } from '../common/clock.ts';
import type { EmailEvent, JournalRecord } from './payload.ts';

export const DEFAULT_RETENTION_MS = 7 * 24 * 3600 * 1000;

export type ReadResult =
  | { readonly kind: 'events'; readonly records: readonly JournalRecord[] }
  | { readonly kind: 'empty'; readonly after: string | null }
  | { readonly kind: 'expired' | 'invalid'; readonly position: string };

interface Stored {
  readonly seq: number;
  readonly at: number;
  readonly event: EmailEvent;
}

export const positionOf = (seq: number): string => `p-${String(seq).padStart(6, '0')}`;
const seqOf = (position: string): number | undefined => {
  const m = /^p-(\d{6,})$/.exec(position);
  return m ? Number(m[1]) : undefined;
};

export class EventJournal {
  private items: Stored[] = [];
  private head = 0;
  private lastSeq = 0;
  /** Highest sequence dropped by retention (0: nothing dropped yet). */
  private droppedThrough = 0;
  private readonly listeners: ((records: readonly JournalRecord[]) => void)[] = [];

  constructor(
    private readonly clock: Clock,
    private readonly retentionMs = DEFAULT_RETENTION_MS,
  ) {}

  onAppend(fn: (records: readonly JournalRecord[]) => void): void {
    this.listeners.push(fn);
  }

  append(events: readonly EmailEvent[]): JournalRecord[] {
    const at = this.clock.now();
    const out = events.map((event) => {
      const seq = ++this.lastSeq;
      this.items.push({ seq, at, event });
      return { position: positionOf(seq), event };
    });
    for (const fn of this.listeners) fn(out);
    return out;
  }

  /** Number of retained events. */
  get size(): number {
    this.prune();
    return this.items.length - this.head;
  }

  get latest(): string | null {
    return this.lastSeq === 0 ? null : positionOf(this.lastSeq);
  }

  /** Events after `since` (null: oldest retained), at most `limit`. */
  read(since: string | null, limit: number): ReadResult {
    this.prune();
    let after = this.droppedThrough;
    if (since !== null) {
      const seq = seqOf(since);
      if (seq === undefined || seq > this.lastSeq) return { kind: 'invalid', position: since };
      // Events after `since` were dropped: resuming from it would silently lose them.
      if (seq < this.droppedThrough) return { kind: 'expired', position: since };
      after = seq;
    }
    const first = this.items[this.head];
    const start = first ? this.head + (after - first.seq + 1) : this.items.length;
    const slice = this.items.slice(Math.max(start, this.head), Math.max(start, this.head) + limit);
    if (slice.length === 0) return { kind: 'empty', after: after === 0 ? null : positionOf(after) };
    return { kind: 'events', records: slice.map((s) => ({ position: positionOf(s.seq), event: s.event })) };
  }

  private prune(): void {
    const cutoff = this.clock.now() - this.retentionMs;
    while (this.head < this.items.length && (this.items[this.head]?.at ?? Infinity) <= cutoff) {
      this.droppedThrough = this.items[this.head]?.seq ?? this.droppedThrough;
      this.head++;
    }
    if (this.head > 4096 && this.head > this.items.length / 2) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
  }
}
