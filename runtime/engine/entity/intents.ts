// Create intents made durable in as few transactions as possible: a chunk's known creates in one, the rest group-committed.
import type { LedgerEntry, StateStore } from '../../state/port.ts';
export class IntentWriter {
  /** Intents written ahead for the last two chunks (at most two chunks are in flight; older ones are done). */
  private current = new Set<string>();
  private previous = new Set<string>();
  private queue: LedgerEntry[] = [];
  private waiters: { resolve: () => void; reject: (err: unknown) => void }[] = [];
  private busy = false;

  constructor(private readonly state: StateStore) {}

  has(sourceId: string): boolean {
    return this.current.has(sourceId) || this.previous.has(sourceId);
  }

  /** Several intents in one transaction, before any of their creates is sent. */
  async writeAll(entries: readonly LedgerEntry[]): Promise<void> {
    this.previous = this.current;
    this.current = new Set();
    if (entries.length === 0) return;
    await this.state.putLedger(entries);
    this.current = new Set(entries.map((e) => e.sourceId));
  }

  /**
   * Resolves once `entry` is durable. Intents arriving while a transaction is being written wait for the
   * next one, which carries all of them (group commit): crash safety of one intent, cost of one commit.
   */
  write(entry: LedgerEntry): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.queue.push(entry);
      this.waiters.push({ resolve, reject });
      if (!this.busy) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.busy = true;
    while (this.queue.length > 0) {
      const batch = this.queue;
      const waiters = this.waiters;
      this.queue = [];
      this.waiters = [];
      try {
        await this.state.putLedger(batch);
        for (const w of waiters) w.resolve();
      } catch (err) {
        for (const w of waiters) w.reject(err);
      }
    }
    this.busy = false;
  }
}
