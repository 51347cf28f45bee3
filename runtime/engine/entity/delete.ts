// Deletes: a Dynamics delete or a row that stopped matching removes the Campaign record ferry created.
import type { LedgerEntry } from '../../state/port.ts';
import type { EntityEnv, Outcome } from './env.ts';

export async function removeInCampaign(env: EntityEnv, id: string): Promise<void> {
  // The run's key index answers when it holds the key (one DELETE); a miss is looked up (confirmMiss).
  const found = await env.keys.find(id, true);
  // None: already gone (deleted by hand, or a delete acknowledged just before a crash).
  if (found.kind !== 'none') await env.ctx.campaign.remove(found.record);
}

/** A `$deletedEntity` from the delta, or a ledger row missing from a full re-read. */
export async function syncDelete(
  env: EntityEnv,
  id: string,
  prev: LedgerEntry | undefined,
): Promise<Outcome> {
  const { ctx, flow } = env;
  if (prev === undefined) {
    ctx.counts.skip('delete of a record never synced');
    return {};
  }
  if (flow.deletes === 'ignore') ctx.counts.skip('deletes ignored');
  else if (!prev.createdByFerry) ctx.counts.skip('not created by ferry');
  else {
    await removeInCampaign(env, id);
    ctx.counts.add('deleted');
  }
  return { remove: true };
}
