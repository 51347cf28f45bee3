// `plan` samples of updates: field by field, what Campaign holds now → what the run would send.
import type { EntityFlow, Json } from '../contract.ts';
import type { CampaignPort } from '../ports.ts';
import { canonicalJson } from '../lib/hash.ts';

export interface FieldChange {
  readonly before: Json;
  readonly after: Json;
}

/**
 * The live record by key (a read, nothing is written): fields whose value would change, with both values.
 * Links are compared by the parent's key the run would look up, so they are shown as the source value only.
 */
export async function updateDiff(
  campaign: CampaignPort,
  flow: EntityFlow,
  id: string,
  body: Record<string, Json>,
): Promise<Json> {
  const [hit] = await campaign.findByKey(flow.target, id);
  if (hit === undefined)
    return {
      note: `no ${flow.target.resource} with ${flow.target.key}=${id}: it would be created`,
      after: body,
    };
  const changes: Record<string, FieldChange> = {};
  for (const [k, after] of Object.entries(body)) {
    if (k === flow.target.key || flow.createOnly.includes(k)) continue;
    const before = (hit[k] ?? null) as Json;
    if (canonicalJson(before) !== canonicalJson(after)) changes[k] = { before, after };
  }
  return Object.keys(changes).length === 0
    ? { note: 'source changed, but Campaign already holds these values: nothing would be sent' }
    : { changes: changes as unknown as Json };
}
