// Children parked for a missing parent, retried at the start of a run: found a page of letters at a time.
import type { DeadLetter, StateStore } from '../../state/port.ts';
import { letterPages, lettersOf } from '../letter-pages.ts';
import { PARENT_MISSING, parentOf } from '../record-errors.ts';
import { orphanDueAt } from './parked.ts';
import type { Work } from './work.ts';

/**
 * Source ids of the children worth retrying now, in letter order: at once when ferry has since written the
 * parent (its flow's ledger has it), otherwise only once their backoff is over (the parent may come from
 * elsewhere), so an orphan costs no Campaign calls on every pass while it waits. Ids only: payloads are
 * read again per chunk (`orphanWork`), so the run never holds every parked row.
 */
export async function dueOrphans(state: StateStore, flow: string, now: number): Promise<string[]> {
  const due: string[] = [];
  for await (const page of letterPages(state, flow, { reasonPrefix: PARENT_MISSING }))
    due.push(...(await duePage(state, page, now)).map((d) => d.sourceId));
  return due;
}

async function duePage(
  state: StateStore,
  orphans: readonly DeadLetter[],
  now: number,
): Promise<DeadLetter[]> {
  const byParentFlow = new Map<string, string[]>();
  for (const d of orphans) {
    const p = parentOf(d.reason);
    if (p !== null) byParentFlow.set(p.parentFlow, [...(byParentFlow.get(p.parentFlow) ?? []), p.parentId]);
  }
  const written = new Set<string>();
  for (const [flow, ids] of byParentFlow)
    for (const [id, e] of await state.getLedger(flow, ids))
      if (e.hash !== '') written.add(`${flow}\u0000${id}`); // '' is a create intent, not a written record
  return orphans.filter((d) => {
    const p = parentOf(d.reason);
    return (p !== null && written.has(`${p.parentFlow}\u0000${p.parentId}`)) || orphanDueAt(d) <= now;
  });
}

/** The stored work of these parked children (a letter gone meanwhile is skipped). */
export async function orphanWork(
  state: StateStore,
  flow: string,
  sourceIds: readonly string[],
): Promise<Work[]> {
  return (await lettersOf(state, flow, sourceIds)).map((d) => d.payload as Work);
}
