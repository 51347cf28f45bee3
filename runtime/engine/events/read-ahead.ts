// Journal pages read and prepared ahead of the writer: each read needs the previous page's last position, so
// the reads form one chain kept `depth` pages ahead, and the writer never waits on a read that a server busy
// with its writes answers late.
import type { JournalEntry } from '../../ports.ts';

export interface ReadPage<P> {
  readonly entries: readonly JournalEntry[];
  readonly page: P;
}

export class ReadAhead<P> {
  private readonly queue: Promise<ReadPage<P>>[] = [];
  private last: Promise<ReadPage<P>>;
  private stopped = false;

  /** Starts reading after `from` at once; `depth` (≥ 1) pages are kept read or being read. */
  constructor(
    private readonly read: (after: string | null) => Promise<ReadPage<P>>,
    from: string | null,
    private readonly depth: number,
  ) {
    this.last = this.read(from);
    this.keep(this.last);
    while (this.queue.length < this.depth) this.extend();
  }

  /** The next page in journal order (no entries: the journal has nothing more). */
  take(): Promise<ReadPage<P>> {
    const next = this.queue.shift() as Promise<ReadPage<P>>;
    this.extend();
    return next;
  }

  /** No read starts after this; reads under way finish unused. */
  stop(): void {
    this.stopped = true;
  }

  private extend(): void {
    // Nothing is read after an empty page or once stopped; a failed read fails every page after it.
    this.last = this.last.then((p) =>
      p.entries.length === 0 || this.stopped ? { entries: [], page: p.page } : this.read(lastPosition(p)),
    );
    this.keep(this.last);
  }

  private keep(p: Promise<ReadPage<P>>): void {
    // A page never taken (the flow failed or ended) must not surface as an unhandled rejection.
    p.catch(() => undefined);
    this.queue.push(p);
  }
}

function lastPosition<P>(p: ReadPage<P>): string {
  return (p.entries[p.entries.length - 1] as JournalEntry).position;
}
