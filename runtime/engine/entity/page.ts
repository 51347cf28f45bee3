// One page: rows and deletes written with bounded concurrency, then ledger (+ checkpoint) in one transaction.
import type { SourceRow } from '../../contract.ts';
import type { DynamicsPage } from '../../ports.ts';
import type { LedgerEntry } from '../../state/port.ts';
import { isRecordLevel, messageOf, PARENT_MISSING } from '../record-errors.ts';
import { mapBounded } from '../pool.ts';
import { sourceIdOf, type EntityEnv, type Outcome } from './env.ts';
import { syncRow } from './row.ts';
import { syncDelete } from './delete.ts';
import type { Parked } from './parked.ts';

export type Work = { readonly kind: 'row'; readonly row: SourceRow } | { readonly kind: 'delete'; readonly sourceId: string };

export async function processWork(env: EntityEnv, parked: Parked, items: readonly Work[], checkpoint?: string): Promise<void> {
  const { ctx, flow } = env;
  const ids = items.map((w) => (w.kind === 'row' ? sourceIdOf(flow, w.row) : w.sourceId));
  const prevs = await ctx.state.getLedger(flow.name, ids);
  const outcomes = await mapBounded(items, ctx.concurrency, async (w, i): Promise<Outcome> => {
    const id = ids[i] as string;
    try {
      const out = w.kind === 'row' ? await syncRow(env, w.row, prevs.get(id)) : await syncDelete(env, id, prevs.get(id));
      await parked.resolved(id); // a newer version (or a delete) supersedes a parked one
      return out;
    } catch (err) {
      if (!isRecordLevel(err)) throw err;
      const reason = messageOf(err);
      await parked.add(id, w, reason);
      ctx.counts.deadLetter(reason.startsWith(PARENT_MISSING) ? PARENT_MISSING : reason);
      // Seen on a full read: keep the ledger row fresh so the missing-row sweep does not delete it.
      const prev = prevs.get(id);
      return prev !== undefined && env.phase !== 'incremental' ? { put: { ...prev, syncedAt: env.syncedAt } } : {};
    }
  });
  const puts: LedgerEntry[] = [];
  const removes: string[] = [];
  outcomes.forEach((o, i) => {
    if (o.put) puts.push(o.put);
    if (o.remove) removes.push(ids[i] as string);
  });
  await ctx.state.transaction(async () => {
    if (puts.length > 0) await ctx.state.putLedger(puts);
    if (removes.length > 0) await ctx.state.deleteLedger(flow.name, removes);
    if (checkpoint !== undefined) await ctx.state.setCheckpoint(flow.name, 'deltaLink', checkpoint);
  });
}

export function pageWork(page: DynamicsPage): Work[] {
  return [...page.rows.map((row): Work => ({ kind: 'row', row })), ...page.deleted.map((sourceId): Work => ({ kind: 'delete', sourceId }))];
}
