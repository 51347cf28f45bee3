// In-memory event journal: ordered positions, retention (expired positions throw), forward paging only.
import type { Json } from '../../../runtime/contract.ts';
import { FerryError } from '../../../core/errors.ts';
import type { JournalBatch, JournalEntry, JournalPort } from '../../../runtime/ports.ts';

export class FakeJournal implements JournalPort {
  readonly entries: JournalEntry[] = [];
  /** Entries with index < retainedFrom have expired. */
  retainedFrom = 0;
  reads = 0;

  push(event: Json): string {
    const position = `p-${String(this.entries.length + 1).padStart(6, '0')}`;
    this.entries.push({ position, event });
    return position;
  }

  async read(since: string | null, limit: number): Promise<JournalBatch> {
    this.reads++;
    let start = this.retainedFrom;
    if (since !== null) {
      const i = this.entries.findIndex((e) => e.position === since);
      if (i < 0 || i < this.retainedFrom - 1)
        throw new FerryError('FERRY_JOURNAL_POSITION_EXPIRED', `position ${since} expired`);
      start = i + 1;
    }
    const entries = this.entries.slice(start, start + limit);
    return { entries, retryAfter: entries.length === 0 ? 10 : null };
  }
}
