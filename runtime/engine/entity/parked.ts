// Dead letters of an entity flow by source id (one per record: the store upserts and counts attempts).
// A newer version of a record that is written, or its delete, supersedes its dead letter.
import type { SourceRow } from '../../contract.ts';
import { canonicalDigest } from '../../lib/hash.ts';
import type { DeadLetter, RetryBackoff, StateStore } from '../../state/port.ts';
import { ORPHAN_BACKOFF, PARENT_MISSING, parentOf } from '../record-errors.ts';
import { IdFilter } from './id-filter.ts';
import type { Work } from './work.ts';

export class Parked {
  private constructor(
    private readonly state: StateStore,
    private readonly flow: string,
    /** source id -> dead-letter id of the letters stored before this run. */
    private readonly byId: Map<string, number>,
    /** source id -> sha256 of the parked row's canonical JSON, for letters that wait for an operator (no retry time). */
    private readonly waiting: Map<string, string>,
  ) {}

  /** Letters added during this run (their ids unknown): fingerprints, so a big initial load stays flat. */
  private readonly added = new IdFilter();

  static async load(
    state: StateStore,
    flow: string,
  ): Promise<{ parked: Parked; letters: readonly DeadLetter[] }> {
    const letters = await state.listDeadLetters(flow);
    const waiting = new Map<string, string>();
    for (const d of letters) {
      const w = d.payload as Work;
      if (d.nextRetryAt === null && d.discarded === null && w.kind === 'row')
        waiting.set(d.sourceId, canonicalDigest(w.row));
    }
    const parked = new Parked(state, flow, new Map(letters.map((d) => [d.sourceId, d.id])), waiting);
    return { parked, letters };
  }

  /**
   * True when `row` is exactly the row of a letter that waits for an operator: writing it again would fail
   * the same way (a full re-read skips it; `ferry dlq retry` or a change at the source retries it).
   */
  waitsUnchanged(sourceId: string, row: SourceRow): boolean {
    const parkedRow = this.waiting.get(sourceId);
    return parkedRow !== undefined && parkedRow === canonicalDigest(row);
  }

  /** The record was written or deleted: its dead letter is obsolete. */
  async resolved(sourceId: string): Promise<void> {
    this.waiting.delete(sourceId);
    let id = this.byId.get(sourceId) ?? null;
    if (id !== null) this.byId.delete(sourceId);
    else if (this.added.mayHave(sourceId))
      // One indexed row, not the flow's every letter (a big initial load can park hundreds of thousands).
      id = (await this.state.listDeadLetters(this.flow, { sourceId, limit: 1 }))[0]?.id ?? null;
    if (id !== null) await this.state.removeDeadLetter(id);
  }

  async add(
    sourceId: string,
    payload: Work,
    reason: string,
    code: string,
    retry?: RetryBackoff,
  ): Promise<void> {
    await this.state.addDeadLetter({
      flow: this.flow,
      sourceId,
      payload,
      reason,
      code,
      ...(retry ? { retry } : {}),
    });
    if (!this.byId.has(sourceId)) this.added.add(sourceId);
  }
}

export const ORPHAN_BACKOFF_MS = ORPHAN_BACKOFF.baseMs;
export const ORPHAN_BACKOFF_CAP_MS = ORPHAN_BACKOFF.capMs;

/**
 * When a parked child is next worth a Campaign lookup on its own: its stored next retry time, or (letters
 * stored before that was kept) exponential in its stored attempts, capped.
 */
export const orphanDueAt = (d: DeadLetter): number =>
  d.nextRetryAt !== null
    ? Date.parse(d.nextRetryAt)
    : Date.parse(d.lastAttemptAt) +
      Math.min(ORPHAN_BACKOFF_CAP_MS, ORPHAN_BACKOFF_MS * 2 ** Math.min(30, Math.max(0, d.attempts - 1)));

/**
 * Children parked for a missing parent that are worth retrying now: at once when ferry has since written the
 * parent (its flow's ledger has it), otherwise only once their backoff is over (the parent may come from
 * elsewhere), so an orphan costs no Campaign calls on every pass while it waits.
 */
export async function parkedWork(
  state: StateStore,
  letters: readonly DeadLetter[],
  now: number,
): Promise<Work[]> {
  const orphans = letters.filter((d) => d.reason.startsWith(PARENT_MISSING));
  const byParentFlow = new Map<string, string[]>();
  for (const d of orphans) {
    const p = parentOf(d.reason);
    if (p !== null) byParentFlow.set(p.parentFlow, [...(byParentFlow.get(p.parentFlow) ?? []), p.parentId]);
  }
  const written = new Set<string>();
  for (const [flow, ids] of byParentFlow)
    for (const [id, e] of await state.getLedger(flow, ids))
      if (e.hash !== '') written.add(`${flow}\u0000${id}`); // '' is a create intent, not a written record
  return orphans
    .filter((d) => {
      const p = parentOf(d.reason);
      return (p !== null && written.has(`${p.parentFlow}\u0000${p.parentId}`)) || orphanDueAt(d) <= now;
    })
    .map((d) => d.payload as Work);
}
