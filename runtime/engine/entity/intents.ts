// Create intents made durable in as few transactions as possible: a chunk's known creates in one, the rest group-committed.
import type { LedgerEntry, StateStore } from '../../state/port.ts';
import type { EntityEnv } from './env.ts';
import { ledgerEntry } from './env.ts';
import type { Work } from './work.ts';
import type { SourceRow } from '../../contract.ts';

/**
 * The chunk's rows the key index says are new (and the ledger has never seen) will be created: their
 * intents go in one transaction before any row of the chunk is written.
 */
export async function writeIntentsAhead(
  env: EntityEnv,
  items: readonly Work[],
  ids: readonly string[],
  prevs: ReadonlyMap<string, LedgerEntry>,
): Promise<void> {
  const ahead: LedgerEntry[] = [];
  items.forEach((w, i) => {
    const id = ids[i] as string;
    if (w.kind !== 'row' || prevs.has(id) || !env.keys.absent(id) || !matches(env, w.row)) return;
    ahead.push(ledgerEntry(env, id, '', true, true));
  });
  await env.intents.writeAll(ahead);
}

function matches(env: EntityEnv, row: SourceRow): boolean {
  try {
    return env.flow.matches(row);
  } catch {
    return false; // the row's own write reports the filter failure
  }
}

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
