// Dead letters of an entity flow by source id (one per record: the store upserts and counts attempts).
// A newer version of a record that is written, or its delete, supersedes its dead letter.
import type { SourceRow } from '../../contract.ts';
import { canonicalDigest } from '../../lib/hash.ts';
import type { DeadLetter, RetryBackoff, StateStore } from '../../state/port.ts';
import { ORPHAN_BACKOFF } from '../record-errors.ts';
import { lettersOf } from '../letter-pages.ts';
import { IdFilter } from './id-filter.ts';
import type { Work } from './work.ts';

/**
 * The flow's dead letters as one run sees them. Nothing is loaded up front: each chunk reads the letters of
 * its own records (one IN-list query), so memory follows the chunk, not the dead-letter table.
 */
export class Parked {
  /**
   * Records parked during this run: their letter is not "waiting unchanged" (only letters from before it are).
   * Fingerprints, not strings, so a big initial load that parks a million rows stays flat.
   */
  private readonly added = new IdFilter();

  private constructor(
    private readonly state: StateStore,
    private readonly flow: string,
    /** False when the flow had no live letter at the start: chunks then query only for records parked since. */
    private readonly before: boolean,
  ) {}

  static async open(state: StateStore, flow: string): Promise<Parked> {
    return new Parked(state, flow, (await state.countDeadLetters(flow)) > 0);
  }

  /** The live letters of one chunk's records (chunks sharing a record run one after the other). */
  async chunk(sourceIds: readonly string[]): Promise<ParkedChunk> {
    const any = this.before || sourceIds.some((id) => this.added.mayHave(id));
    const letters = any ? await lettersOf(this.state, this.flow, sourceIds) : [];
    const waiting = new Map<string, string>();
    for (const d of letters) {
      const w = d.payload as Work;
      if (d.nextRetryAt === null && w.kind === 'row' && !this.added.mayHave(d.sourceId))
        waiting.set(d.sourceId, canonicalDigest(w.row));
    }
    return new ParkedChunk(this, new Map(letters.map((d) => [d.sourceId, d.id])), waiting);
  }

  /** One indexed row, not the flow's every letter (a big initial load can park hundreds of thousands). */
  async remove(sourceId: string, id: number | null): Promise<void> {
    const known = id ?? (await this.state.listDeadLetters(this.flow, { sourceId, limit: 1 }))[0]?.id ?? null;
    if (known !== null) await this.state.removeDeadLetter(known);
  }

  async add(sourceId: string, payload: Work, reason: string, code: string, retry?: RetryBackoff) {
    await this.state.addDeadLetter({
      flow: this.flow,
      sourceId,
      payload,
      reason,
      code,
      ...(retry ? { retry } : {}),
    });
    this.added.add(sourceId);
  }
}

/** The letters of one chunk's records, kept up to date by the chunk's own writes. */
export class ParkedChunk {
  constructor(
    private readonly parked: Parked,
    /** source id -> dead-letter id, or null when added during this chunk (id not known yet). */
    private readonly byId: Map<string, number | null>,
    /** source id -> digest of the parked row, for letters that wait for an operator (no retry time). */
    private readonly waiting: Map<string, string>,
  ) {}

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
    if (!this.byId.has(sourceId)) return;
    const id = this.byId.get(sourceId) ?? null;
    this.byId.delete(sourceId);
    await this.parked.remove(sourceId, id);
  }

  async add(sourceId: string, payload: Work, reason: string, code: string, retry?: RetryBackoff) {
    await this.parked.add(sourceId, payload, reason, code, retry);
    if (!this.byId.has(sourceId)) this.byId.set(sourceId, null);
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
