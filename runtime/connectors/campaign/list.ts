// Whole-resource reads for the run-scoped key index: default order (stable while records are patched), hrefs followed as given.
import type { CampaignTarget, Json } from '../../contract.ts';
import type { CampaignRecord } from '../../ports.ts';
import { queryString } from '../../http/encode.ts';
import { parseJson } from '../../http/errors.ts';
import type { HttpResponse } from '../../http/types.ts';
import { campaignError } from './errors.ts';

export interface ListBody {
  readonly content?: readonly Record<string, Json>[];
  readonly next?: { readonly href?: string };
  readonly count?: { readonly href?: string };
}

/** GETs a URL through the connector (so stats count it). */
export type Get = (url: string) => Promise<HttpResponse>;

/** Pages of `pageSize` records; `_forcePagination` so big tables still return `next` (reference §4). */
export async function* listAll(
  get: Get,
  resourceUrl: string,
  target: CampaignTarget,
  pageSize: number,
  record: (v: unknown, what: string) => CampaignRecord,
): AsyncIterable<readonly CampaignRecord[]> {
  const what = `Campaign list ${target.resource}`;
  let url: string | undefined =
    `${resourceUrl}${queryString({ _lineCount: String(pageSize), _forcePagination: 'true' })}`;
  while (url !== undefined) {
    const res = await get(url);
    if (res.status !== 200) throw campaignError(res, what);
    const body = parseJson<ListBody>(res, what);
    yield (body.content ?? []).map((r) => record(r, what));
    url = body.next?.href;
  }
}

/** One-record page, then its `count.href` when there is more than one record: at most two calls. */
export async function countAll(get: Get, resourceUrl: string, target: CampaignTarget): Promise<number> {
  const what = `Campaign count ${target.resource}`;
  const res = await get(`${resourceUrl}${queryString({ _lineCount: '1', _forcePagination: 'true' })}`);
  if (res.status !== 200) throw campaignError(res, what);
  const body = parseJson<ListBody>(res, what);
  const href = body.count?.href;
  if (body.next?.href === undefined || href === undefined) return (body.content ?? []).length;
  const counted = await get(href);
  if (counted.status !== 200) throw campaignError(counted, what);
  const n = parseJson<{ count?: unknown }>(counted, what).count;
  return typeof n === 'number' && Number.isFinite(n) ? n : Number.NaN;
}
