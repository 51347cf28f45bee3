// `dlq retry` starts from the source record as it is now: a letter's stored payload is the record when it failed.
import type { Flow, SourceRow } from '../contract.ts';
import type { DeadLetter } from '../state/port.ts';
import type { FlowRunContext } from './context.ts';
import type { Work } from './entity/work.ts';
import { optoutSelect } from './optout/dynamics-side.ts';

const IDS_PER_READ = 50;

/**
 * The current Dynamics rows of the letters' records, by source id (entity and opt-out flows). A record no
 * longer in Dynamics is absent: its letter is retried from the stored payload.
 */
export async function currentRows(
  ctx: FlowRunContext,
  flow: Flow,
  letters: readonly DeadLetter[],
): Promise<ReadonlyMap<string, SourceRow>> {
  const out = new Map<string, SourceRow>();
  if (flow.kind === 'events') return out; // a journal event does not change: the stored one is current
  const ids = letters.filter((d) => storedRow(d) !== null).map((d) => d.sourceId);
  const select = flow.kind === 'entity' ? flow.select : optoutSelect(flow);
  for (let i = 0; i < ids.length; i += IDS_PER_READ) {
    const rows = await ctx.dynamics.getByIds({
      entitySet: flow.source.entitySet,
      primaryKey: flow.source.primaryKey,
      select,
      ids: ids.slice(i, i + IDS_PER_READ),
    });
    for (const r of rows) out.set(String(r[flow.source.primaryKey]), r);
  }
  return out;
}

/** The source row a letter stored (entity row work or opt-out row), or null (deletes, events). */
export function storedRow(d: DeadLetter): SourceRow | null {
  const p = d.payload as (Work & { row?: SourceRow }) | { kind?: string; row?: SourceRow } | null;
  if (p === null || typeof p !== 'object') return null;
  if ((p.kind === 'row' || p.kind === 'optout-row') && p.row !== undefined) return p.row;
  return null;
}
