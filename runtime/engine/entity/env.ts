// Shared inputs of one entity-flow run.
import type { EntityFlow, SourceRow } from '../../contract.ts';
import type { LedgerEntry } from '../../state/port.ts';
import type { FlowRunContext } from '../context.ts';
import type { ParentResolver } from './parents.ts';

/** initial = first load; resync = full re-read after an expired delta token; replay = re-send everything. */
export type Phase = 'initial' | 'incremental' | 'resync' | 'replay';

export interface EntityEnv {
  readonly ctx: FlowRunContext;
  readonly flow: EntityFlow;
  readonly parents: ParentResolver;
  readonly phase: Phase;
  readonly syncedAt: string;
}

/** What a row or delete changes in the ledger once its writes are acknowledged. */
export interface Outcome {
  readonly put?: LedgerEntry;
  readonly remove?: boolean;
}

export function sourceIdOf(flow: EntityFlow, row: SourceRow): string {
  const id = row[flow.source.primaryKey];
  return typeof id === 'string' ? id : String(id);
}

export function ledgerEntry(env: EntityEnv, sourceId: string, hash: string, createdByFerry: boolean, matched: boolean): LedgerEntry {
  return { flow: env.flow.name, sourceId, targetKey: sourceId, hash, createdByFerry, matched, syncedAt: env.syncedAt };
}
