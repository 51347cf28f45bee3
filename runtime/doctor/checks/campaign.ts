// Campaign resources, key fields and custom filters the mappings need, read live from resourceType.
// Campaign has no API to create them, so this is how a team checks the manual setup.
import { HttpError } from '../../../core/errors.ts';
import { parseCampaignResource } from '../../../core/metadata/campaign.ts';
import { campaignResourceType } from '../../connectors/metadata-pull.ts';
import type { CampaignNeed } from '../needs.ts';
import type { Check, Finding } from '../types.ts';
import { fail, message, ok } from '../types.ts';

/** A Dynamics id as text: 36 characters. */
const GUID_LENGTH = 36;
const ADMIN = 'Campaign > Administration > Development > Custom resources';

async function one(ctx: Parameters<Check>[0], need: CampaignNeed): Promise<Finding[]> {
  const who = `${need.resource} (mapping ${need.mappings.join(', ')})`;
  let raw: unknown;
  try {
    raw = await campaignResourceType(ctx.conn.campaign, need);
  } catch (err) {
    if (err instanceof HttpError && err.status === 404)
      return [
        fail(
          'Campaign resource',
          `${who} does not exist`,
          `Create and publish ${need.resource} (${ADMIN}), or correct target.resource.`,
        ),
      ];
    throw err;
  }
  const res = parseCampaignResource(raw, need.resource);
  const out: Finding[] = [ok('Campaign resource', `${who} exists`)];
  const key = res.fields.get(need.key);
  const extend = `Add a string field ${need.key} of ${GUID_LENGTH}+ characters to ${need.resource} (${ADMIN}) and publish.`;
  if (key === undefined)
    out.push(fail('Campaign key field', `${need.resource} has no field ${need.key}`, extend));
  else if (key.type !== 'string' || (key.length !== undefined && key.length < GUID_LENGTH))
    out.push(
      fail(
        'Campaign key field',
        `${need.resource}.${need.key} is ${key.type}${key.length === undefined ? '' : `(${key.length})`}, too small for a Dynamics id`,
        extend,
      ),
    );
  else out.push(ok('Campaign key field', `${need.resource}.${need.key} is string(${key.length ?? '?'})`));
  const param = `${need.key}_parameter`;
  const filter =
    need.filter === undefined
      ? [...res.filters.values()].find((f) => f.params.includes(param))
      : res.filters.get(need.filter);
  const name = need.filter ?? `with parameter ${param}`;
  const create = `Add a filter definition ${need.filter ?? `by${need.key}`} on ${need.resource} whose rule compares ${need.key} with a parameter (Equal), then publish.`;
  if (filter === undefined)
    out.push(fail('Campaign filter', `${need.resource} has no custom filter ${name}`, create));
  else if (filter.params.length === 0)
    out.push(fail('Campaign filter', `${need.resource} filter ${filter.name} takes no parameter`, create));
  else out.push(ok('Campaign filter', `${need.resource} filter ${filter.name}(${filter.params.join(', ')})`));
  return out;
}

export const campaign: Check = async (ctx) => {
  const out: Finding[] = [];
  for (const need of ctx.needs.campaign) {
    try {
      out.push(...(await one(ctx, need)));
    } catch (err) {
      out.push(
        fail(
          'Campaign resource',
          `${need.resource}: ${message(err)}`,
          'Fix the Campaign token finding first.',
        ),
      );
    }
  }
  return out;
};
