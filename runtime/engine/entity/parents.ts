// Finds a link parent's Campaign PKey by its Dynamics id: the parent flow's key index when this run listed it, else its key filter.
import { ConfigError } from '../../../core/errors.ts';
import type { EntityFlow, Flow } from '../../contract.ts';
import type { KeyFinder } from './key-index/finder.ts';

const MAX_CACHE = 10_000;

export class ParentResolver {
  // PKeys are cached for this run only: the API forbids storing them.
  private readonly cache = new Map<string, string>();

  constructor(
    private readonly flows: ReadonlyMap<string, Flow>,
    private readonly finderFor: (flow: EntityFlow) => KeyFinder,
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
    // A miss in the index is looked up: the parent may have been written after its page was listed.
    const found = await this.finderFor(parent).find(id, true);
    if (found.kind === 'none') return null;
    if (this.cache.size >= MAX_CACHE) this.cache.clear();
    this.cache.set(cacheKey, found.record.PKey);
    return found.record.PKey;
  }
}
