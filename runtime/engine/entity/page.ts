// One chunk: rows and deletes written with bounded concurrency, then ledger (+ checkpoint) in one transaction.
import type { DynamicsPage } from '../../ports.ts';
import type { LedgerEntry } from '../../state/port.ts';
import { codeOf, countDeadLetter, isRecordLevel, messageOf, retryOf } from '../record-errors.ts';
import { mapBounded } from '../pool.ts';
import { sourceIdOf, type EntityEnv, type Outcome } from './env.ts';
import { syncRow } from './row.ts';
import { syncDelete } from './delete.ts';
import type { Parked } from './parked.ts';
import type { Slots } from './slots.ts';
import type { Work } from './work.ts';
import { writeIntentsAhead } from './intents-ahead.ts';

// Callers (chunks, run, sweep, dlq) name Work through this module, as before it moved out.
export type { Work } from './work.ts';

export async function processWork(
  env: EntityEnv,
  parked: Parked,
  items: readonly Work[],
  checkpoint?: string,
): Promise<void> {
  await commitWork(env, await writeWork(env, parked, items), checkpoint);
}

/** The acknowledged writes of one chunk, not yet in the ledger. */
export interface Written {
  readonly ids: readonly string[];
  readonly outcomes: readonly Outcome[];
}

export function workIds(env: EntityEnv, items: readonly Work[]): string[] {
  return items.map((w) => (w.kind === 'row' ? sourceIdOf(env.flow, w.row) : w.sourceId));
}

/** Rows and deletes of one chunk written with bounded concurrency; resolves once every write is acknowledged. */
export async function writeWork(
  env: EntityEnv,
  parked: Parked,
  items: readonly Work[],
  slots?: Slots,
): Promise<Written> {
  const { ctx, flow } = env;
  const ids = workIds(env, items);
  const [prevs, letters] = await Promise.all([ctx.state.getLedger(flow.name, ids), parked.chunk(ids)]);
  // A full re-read after an expired token writes only differences: a dead letter whose row did not change
  // would fail again, at the cost of a lookup and a write per letter on every re-read.
  const same = items.map(
    (w, i) => w.kind === 'row' && env.phase === 'resync' && letters.waitsUnchanged(ids[i] as string, w.row),
  );
  const ahead = items.filter((_, i) => !same[i]);
  await writeIntentsAhead(
    env,
    ahead,
    ahead.length === items.length ? ids : ids.filter((_, i) => !same[i]),
    prevs,
  );
  const one = async (w: Work, i: number): Promise<Outcome> => {
    const id = ids[i] as string;
    if (same[i]) {
      ctx.counts.skip('dead letter, source unchanged');
      return keepSeen(env, prevs.get(id));
    }
    try {
      const out =
        w.kind === 'row'
          ? await syncRow(env, w.row, prevs.get(id))
          : await syncDelete(env, id, prevs.get(id));
      await letters.resolved(id); // a newer version (or a delete) supersedes a parked one
      ctx.outage?.ok();
      return out;
    } catch (err) {
      if (!isRecordLevel(err, ctx)) throw err;
      const reason = messageOf(err);
      await letters.add(id, w, reason, codeOf(err), retryOf(err));
      countDeadLetter(ctx, flow.name, id, codeOf(err));
      return keepSeen(env, prevs.get(id));
    }
  };
  // Overlapping chunks share the flow's slots: `concurrency` bounds the flow, not each chunk.
  const outcomes = await mapBounded(items, ctx.concurrency, (w, i) =>
    slots ? slots.run(() => one(w, i)) : one(w, i),
  );
  return { ids, outcomes };
}

/** Seen on a full read: the ledger row stays fresh so the missing-row sweep does not delete it. */
function keepSeen(env: EntityEnv, prev: LedgerEntry | undefined): Outcome {
  return prev !== undefined && env.phase !== 'incremental'
    ? { put: { ...prev, syncedAt: env.syncedAt } }
    : {};
}

/** Ledger changes (+ checkpoint) of one chunk in one state transaction. */
export async function commitWork(env: EntityEnv, written: Written, checkpoint?: string): Promise<void> {
  const { ctx, flow } = env;
  const puts: LedgerEntry[] = [];
  const removes: string[] = [];
  written.outcomes.forEach((o, i) => {
    if (o.put) puts.push(o.put);
    if (o.remove) removes.push(written.ids[i] as string);
  });
  await ctx.state.transaction(async () => {
    if (puts.length > 0) await ctx.state.putLedger(puts);
    if (removes.length > 0) await ctx.state.deleteLedger(flow.name, removes);
    if (checkpoint !== undefined) await ctx.state.setCheckpoint(flow.name, 'deltaLink', checkpoint);
  });
}

export function pageWork(page: DynamicsPage): Work[] {
  return [
    ...page.rows.map((row): Work => ({ kind: 'row', row })),
    ...page.deleted.map((sourceId): Work => ({ kind: 'delete', sourceId })),
  ];
}
