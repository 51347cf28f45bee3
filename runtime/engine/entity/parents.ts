// Finds a link parent's Campaign PKey by its Dynamics id through the parent flow's key filter.
import { ConfigError, RecordError } from '../../../core/errors.ts';
import type { EntityFlow, Flow } from '../../contract.ts';
import type { CampaignPort } from '../../ports.ts';

const MAX_CACHE = 10_000;

export class ParentResolver {
  // PKeys are cached for this run only: the API forbids storing them.
  private readonly cache = new Map<string, string>();

  constructor(
    private readonly campaign: CampaignPort,
    private readonly flows: ReadonlyMap<string, Flow>,
  ) {}

  async resolve(flowName: string, id: string): Promise<string | null> {
    const parent = this.flows.get(flowName);
    if (parent?.kind !== 'entity')
      throw new ConfigError(
        'FERRY_LINK_FLOW',
        `link parent flow ${flowName} is not an entity flow of this bundle`,
      );
    const cacheKey = `${flowName}\u0000${id}`;
    const cached = this.cache.get(cacheKey);
    if (cached !== undefined) return cached;
    const hits = await this.campaign.findByKey((parent as EntityFlow).target, id);
    if (hits.length === 0) return null;
    if (hits.length > 1)
      throw new RecordError(
        'FERRY_DUPLICATE_KEY',
        `${hits.length} ${parent.target.resource} records have ${parent.target.key}=${id}`,
      );
    if (this.cache.size >= MAX_CACHE) this.cache.clear();
    const pkey = (hits[0] as { PKey: string }).PKey;
    this.cache.set(cacheKey, pkey);
    return pkey;
  }
}
