// Dead letters of an entity flow by source id (one per record: the store upserts and counts attempts).
// A newer version of a record that is written, or its delete, supersedes its dead letter.
import type { DeadLetter, StateStore } from '../../state/port.ts';
import { PARENT_MISSING } from '../record-errors.ts';
import type { Work } from './work.ts';

export class Parked {
  private constructor(
    private readonly state: StateStore,
    private readonly flow: string,
    /** source id -> dead-letter id, or null when added during this run (id not known yet). */
    private readonly byId: Map<string, number | null>,
  ) {}

  static async load(
    state: StateStore,
    flow: string,
  ): Promise<{ parked: Parked; letters: readonly DeadLetter[] }> {
    const letters = await state.listDeadLetters(flow);
    const parked = new Parked(state, flow, new Map(letters.map((d) => [d.sourceId, d.id])));
    return { parked, letters };
  }

  /** The record was written or deleted: its dead letter is obsolete. */
  async resolved(sourceId: string): Promise<void> {
    if (!this.byId.has(sourceId)) return;
    let id = this.byId.get(sourceId) ?? null;
    this.byId.delete(sourceId);
    if (id === null)
      id = (await this.state.listDeadLetters(this.flow)).find((d) => d.sourceId === sourceId)?.id ?? null;
    if (id !== null) await this.state.removeDeadLetter(id);
  }

  async add(sourceId: string, payload: Work, reason: string, code: string): Promise<void> {
    await this.state.addDeadLetter({ flow: this.flow, sourceId, payload, reason, code });
    if (!this.byId.has(sourceId)) this.byId.set(sourceId, null);
  }
}

/** Children parked for a missing parent: retried automatically at the start of each run, so a child never stays orphaned. */
export function parkedWork(letters: readonly DeadLetter[]): Work[] {
  return letters.filter((d) => d.reason.startsWith(PARENT_MISSING)).map((d) => d.payload as Work);
}
