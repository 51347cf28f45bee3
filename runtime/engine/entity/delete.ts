// Deletes: a Dynamics delete or a row that stopped matching removes the Campaign record ferry created.
import { RecordError } from '../../../core/errors.ts';
import type { LedgerEntry } from '../../state/port.ts';
import type { EntityEnv, Outcome } from './env.ts';

export async function removeInCampaign(env: EntityEnv, id: string): Promise<void> {
  const hits = await env.ctx.campaign.findByKey(env.flow.target, id);
  if (hits.length > 1)
    throw new RecordError(
      'FERRY_DUPLICATE_KEY',
      `${hits.length} ${env.flow.target.resource} records have ${env.flow.target.key}=${id}; not deleting`,
    );
  // Zero hits: already gone (deleted by hand, or a delete acknowledged just before a crash).
  if (hits[0] !== undefined) await env.ctx.campaign.remove(hits[0]);
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
