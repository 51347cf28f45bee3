// Journal pages read and prepared ahead of the writer. Each read needs the previous page's last position, so
// the reads form one chain kept `depth` pages ahead; a page is prepared only after the next read is on its
// way, so preparing never delays the chain, and the writer never waits on a read a busy server answers late.
import type { JournalEntry } from '../../ports.ts';

export interface ReadPage<P> {
  readonly entries: readonly JournalEntry[];
  readonly page: P;
}

type Entries = readonly JournalEntry[];

export class ReadAhead<P> {
  /** Pages of every read but the newest, oldest first. */
  private readonly pages: Promise<ReadPage<P>>[] = [];
  /** The newest read: its page is queued once the read after it is chained. */
  private last: Promise<Entries>;
  private stopped = false;

  /** Starts reading after `from` at once; `depth` (≥ 1) pages are kept read or being read. */
  constructor(
    private readonly read: (after: string | null) => Promise<Entries>,
    private readonly prepare: (entries: Entries) => P,
    from: string | null,
    depth: number,
  ) {
    this.last = this.read(from);
    for (let i = 1; i < depth; i++) this.extend();
  }

  /** The next page in journal order (no entries: the journal has nothing more). */
  take(): Promise<ReadPage<P>> {
    this.extend();
    return this.pages.shift() as Promise<ReadPage<P>>;
  }

  /** No read starts after this; reads under way finish unused. */
  stop(): void {
    this.stopped = true;
  }

  /** Chains the next read on the newest, then queues the newest's page: the request goes out before the prepare runs. */
  private extend(): void {
    const prev = this.last;
    // Nothing is read after an empty page or once stopped; a failed read fails every page after it.
    this.last = prev.then((e) =>
      e.length === 0 || this.stopped ? [] : this.read((e[e.length - 1] as JournalEntry).position),
    );
    this.last.catch(() => undefined);
    const page = prev.then((entries) => ({ entries, page: this.prepare(entries) }));
    // A page never taken (the flow failed or ended) must not surface as an unhandled rejection.
    page.catch(() => undefined);
    this.pages.push(page);
  }
}
