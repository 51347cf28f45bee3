// Lists a Campaign resource once into a KeyIndex: one request per `pageSize` records.
import type { CampaignTarget } from '../../../contract.ts';
import type { CampaignPort } from '../../../ports.ts';
import { contentHash, keyHash } from './hash.ts';
import { KeyIndex, type KeyIndexOptions } from './table.ts';

export interface Listed {
  readonly index: KeyIndex;
  readonly pages: number;
}

/**
 * `fields`: sorted field names whose values the content hash covers (see content.ts). `opts.capacity`: the
 * count probe's answer, so the slots are sized once. On failure the index (and its spill file) is closed.
 */
export async function buildIndex(
  campaign: Required<Pick<CampaignPort, 'listAll'>>,
  target: CampaignTarget,
  fields: readonly string[],
  pageSize: number,
  signal?: AbortSignal,
  opts: KeyIndexOptions = {},
): Promise<Listed> {
  let index: KeyIndex | null = null;
  let pages = 0;
  try {
    for await (const records of campaign.listAll(target, pageSize)) {
      signal?.throwIfAborted();
      pages++;
      for (const r of records) {
        const key = r[target.key];
        // A record without the key field is not one ferry can ever match: leave it out.
        if (key === null || key === undefined || key === '') continue;
        // Hrefs are rebuilt from one prefix; a record whose href does not fit is marked unsure (looked up).
        index ??= new KeyIndex(r.href.endsWith(r.PKey) ? r.href.slice(0, -r.PKey.length) : r.href, opts);
        index.add(
          keyHash(String(key)),
          r.PKey,
          r.href,
          contentHash(fields, (f) => r[f]),
        );
      }
    }
    index ??= new KeyIndex('', { ...opts, capacity: 0 });
    index.seal();
    return { index, pages };
  } catch (err) {
    index?.close();
    throw err;
  }
}
