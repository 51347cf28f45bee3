// Chunk writes that overlap: chunk k+1's writes start while chunk k's last writes finish, so the worker
// pool does not drain at every chunk and page boundary. Commits stay strictly in order (chunk k+1's ledger
// and checkpoint only after chunk k's), so a stored deltaLink still covers only acknowledged writes.
import type { EntityEnv } from './env.ts';
import { commitWork, workIds, writeWork, type Work } from './page.ts';
import type { Parked } from './parked.ts';
import { Slots } from './slots.ts';

interface InFlight {
  readonly ids: ReadonlySet<string>;
  readonly done: Promise<void>;
}

export class ChunkWriter {
  private prev: InFlight | null = null;
  private readonly slots: Slots;

  /** `overlap: false` keeps chunks strictly sequential (a flow linking to itself needs parents written first). */
  constructor(
    private readonly env: EntityEnv,
    private readonly parked: Parked,
    private readonly overlap: boolean,
  ) {
    this.slots = new Slots(env.ctx.concurrency);
  }

  /** Starts the chunk; returns once the chunk before it is committed (at most two chunks in flight). */
  async push(items: readonly Work[], checkpoint?: string): Promise<void> {
    const ids = new Set(workIds(this.env, items));
    const prev = this.prev;
    // The same record in both chunks: its second write must see the first one's ledger entry.
    if (prev !== null && (!this.overlap || [...ids].some((id) => prev.ids.has(id)))) await this.settle();
    const before = this.prev?.done ?? Promise.resolve();
    const written = writeWork(this.env, this.parked, items, this.slots);
    const done = (async () => {
      const w = await written;
      await before; // never commit ahead of an earlier chunk (nor at all if it failed)
      await commitWork(this.env, w, checkpoint);
    })();
    done.catch(() => undefined); // awaited below or by the next push/settle; not an unhandled rejection meanwhile
    this.prev = { ids, done };
    try {
      await before;
    } catch (err) {
      await Promise.allSettled([done]); // no write may outlive the failure (it would race the next run)
      throw err;
    }
  }

  /** Waits until every pushed chunk is committed; rethrows the first failure. */
  async settle(): Promise<void> {
    const last = this.prev;
    if (last === null) return;
    try {
      await last.done;
    } finally {
      if (this.prev === last) this.prev = null;
    }
  }

  /** After an error elsewhere: let in-flight writes finish, ignoring their outcome. */
  async drain(): Promise<void> {
    await Promise.allSettled([this.settle()]);
  }
}
