// Diff-only activity writes: Dynamics answers an upsert with 204 whether it created or updated, so the
// ledger (one entry per activity and per follow-up task) is what tells created, updated and unchanged apart.
import type { EventsFlow } from '../../contract.ts';
import { textHash } from '../../lib/hash.ts';
import type { DynamicsWrite } from '../../ports.ts';
import type { LedgerEntry, StateStore } from '../../state/port.ts';

export type WriteKind = 'created' | 'updated' | 'unchanged';

/** One write with its ledger identity and the classification against the ledger. */
export interface PlannedWrite {
  readonly write: DynamicsWrite;
  readonly sourceId: string;
  readonly hash: string;
  readonly kind: WriteKind;
  /** Ledger entry before this batch (undefined: never written by ferry). */
  readonly prev: LedgerEntry | undefined;
}

/** Ledger source id: the event id for the activity; the task's own (event-derived) id for a follow-up. */
export function ledgerSourceId(eventId: string, w: DynamicsWrite): string {
  return w.ref.endsWith('#follow-up') ? `follow-up:${w.key}` : eventId;
}

export function targetPath(w: DynamicsWrite): string {
  return `${w.entitySet}(${w.key})`;
}

/**
 * Hash of the write exactly as sent: its target path (a mapping that moves an event to another entity set
 * rewrites it) and its body's JSON text, serialized once for both the hash and the request.
 */
export function writeHash(w: DynamicsWrite): string {
  return textHash(`${targetPath(w)}\n${w.json ?? JSON.stringify(w.body)}`);
}

/**
 * Classifies the writes of one batch against the ledger (one batched read). An empty stored hash is an
 * intent row (write sent, not yet acknowledged with the position): it never matches, so that write is redone.
 */
export async function classify(
  state: StateStore,
  flow: EventsFlow,
  writes: readonly { eventId: string; write: DynamicsWrite; hash?: string }[],
): Promise<PlannedWrite[]> {
  const ids = writes.map((x) => ledgerSourceId(x.eventId, x.write));
  const ledger = await state.getLedger(flow.name, ids);
  // A journal may deliver the same event twice in one batch: the second copy must not be sent again.
  const seen = new Map<string, string>();
  return writes.map((x, i) => {
    const sourceId = ids[i] as string;
    const hash = x.hash ?? writeHash(x.write);
    const prev = ledger.get(sourceId);
    const last = seen.get(sourceId) ?? prev?.hash;
    seen.set(sourceId, hash);
    const kind: WriteKind =
      last === hash ? 'unchanged' : prev === undefined && last === undefined ? 'created' : 'updated';
    return { write: x.write, sourceId, hash, kind, prev };
  });
}

export function ledgerEntry(flow: EventsFlow, p: PlannedWrite, hash: string, syncedAt: string): LedgerEntry {
  return {
    flow: flow.name,
    sourceId: p.sourceId,
    targetKey: targetPath(p.write),
    hash,
    createdByFerry: true,
    matched: hash !== '',
    syncedAt,
  };
}
