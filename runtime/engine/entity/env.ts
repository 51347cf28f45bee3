// Shared inputs of one entity-flow run.
import type { EntityFlow, Flow, SourceRow } from '../../contract.ts';
import type { LedgerEntry } from '../../state/port.ts';
import type { FlowRunContext } from '../context.ts';
import type { ParentResolver } from './parents.ts';
import type { KeyFinder } from './key-index/finder.ts';
import type { IntentWriter } from './intents.ts';

/** initial = first load; resync = full re-read after an expired delta token; replay = re-send everything. */
export type Phase = 'initial' | 'incremental' | 'resync' | 'replay';

export interface EntityEnv {
  readonly ctx: FlowRunContext;
  readonly flow: EntityFlow;
  readonly parents: ParentResolver;
  readonly phase: Phase;
  readonly syncedAt: string;
  /**
   * Campaign fields an active opt-out flow owns on this resource: written on create only, never
   * patched here, so an entity update can't revert a newer Campaign opt-out (the opt-out flow
   * decides with both timestamps).
   */
  readonly optoutFields: ReadonlySet<string>;
  /** Finds target records by key: the run's key index or one lookup each. */
  readonly keys: KeyFinder;
  /** Ends the run's key finders (their index files): called once the run is over, however it ended. */
  readonly closeKeys: () => void;
  /** Create intents, durable before their create is sent. */
  readonly intents: IntentWriter;
}

export function optoutFieldsFor(flow: EntityFlow, flows: ReadonlyMap<string, Flow>): ReadonlySet<string> {
  const out = new Set<string>();
  for (const f of flows.values()) {
    if (f.kind === 'optout' && f.direction !== 'off' && f.target.resource === flow.target.resource)
      for (const p of f.pairs) out.add(p.campaign);
  }
  return out;
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

export function ledgerEntry(
  env: EntityEnv,
  sourceId: string,
  hash: string,
  createdByFerry: boolean,
  matched: boolean,
): LedgerEntry {
  return {
    flow: env.flow.name,
    sourceId,
    targetKey: sourceId,
    hash,
    createdByFerry,
    matched,
    syncedAt: env.syncedAt,
  };
}
