// CampaignPort over the ACS REST API: look up by the Dynamics id through custom filters, follow hrefs, count engine calls.
import { parseCampaignResource } from '../../../core/metadata/campaign.ts';
import { resourceFingerprint } from '../../../core/metadata/fingerprint.ts';
import type { CampaignTarget, Json, TargetRecord } from '../../contract.ts';
import { HttpError, RecordError } from '../../../core/errors.ts';
import type { CampaignPort, CampaignRecord } from '../../ports.ts';
import { encodeComponent, queryString } from '../../http/encode.ts';
import { parseJson } from '../../http/errors.ts';
import type { HttpRequest, HttpResponse, Send } from '../../http/types.ts';
import { campaignError } from './errors.ts';
import { parseTimestamp } from '../../../core/time.ts';
import { sameValue } from './values.ts';
import { countAll, listAll } from './list.ts';

export interface CampaignConnectorOptions {
  /** Base URL ending in /<ORG>/campaign. */
  readonly baseUrl: string;
  /** An authenticated pipeline (see http/pipeline.ts campaignPipeline). */
  readonly send: Send;
  /** `_lineCount` for list reads. Default 100. */
  readonly pageSize?: number;
}

interface ListBody {
  readonly content?: readonly Record<string, Json>[];
  readonly next?: { readonly href?: string };
}

const JSON_HEADERS = {
  'content-type': 'application/json',
  accept: 'application/json',
  'cache-control': 'no-cache',
} as const;

export class CampaignConnector implements CampaignPort {
  readonly stats = { requests: 0, engineCalls: 0 };
  private readonly base: string;

  constructor(private readonly opts: CampaignConnectorOptions) {
    this.base = opts.baseUrl.replace(/\/+$/, '');
  }

  private async call(req: Omit<HttpRequest, 'headers'>): Promise<HttpResponse> {
    this.stats.requests++;
    return this.opts.send({ ...req, headers: JSON_HEADERS });
  }

  private url(path: string): string {
    return `${this.base}/${path.replace(/^\/+/, '')}`;
  }

  private static record(v: unknown, what: string): CampaignRecord {
    const r = v as Partial<CampaignRecord> | null;
    if (!r || typeof r.PKey !== 'string' || typeof r.href !== 'string') {
      throw new HttpError('FERRY_CAMPAIGN_BAD_BODY', `${what}: response has no PKey/href`);
    }
    return r as CampaignRecord;
  }

  async findByKey(target: CampaignTarget, id: string): Promise<readonly CampaignRecord[]> {
    const what = `Campaign ${target.resource} ${target.filter}`;
    // The one encoder: the id cannot leave its query value (control characters dead-letter the record).
    const res = await this.call({
      method: 'GET',
      url: `${this.url(target.path)}/${encodeComponent(target.filter, 'filter')}${queryString({ [target.filterParam]: id })}`,
    });
    if (res.status !== 200) throw campaignError(res, what);
    const hits = (parseJson<ListBody>(res, what).content ?? []).map((r) => CampaignConnector.record(r, what));
    if (hits.length > 1) {
      throw new RecordError(
        'FERRY_CAMPAIGN_KEY_NOT_UNIQUE',
        `${target.resource}: ${hits.length} records have ${target.key} = ${id}; the key must be unique`,
        {
          details: { resource: target.resource, key: target.key, id, hits: hits.length },
        },
      );
    }
    return hits;
  }

  async create(target: CampaignTarget, body: TargetRecord): Promise<CampaignRecord> {
    const what = `Campaign create ${target.resource}`;
    // POST is never resent after a network error or 5xx (it could create a duplicate); the engine's next lookup decides.
    const res = await this.call({ method: 'POST', url: this.url(target.path), body: JSON.stringify(body) });
    if (res.status !== 201 && res.status !== 200) throw campaignError(res, what);
    this.stats.engineCalls += 1;
    return CampaignConnector.record(parseJson(res, what), what);
  }

  /** Update costs 2 engine calls (lookup + PATCH), or 1 when the record already holds every value: then no PATCH is sent. */
  async update(record: CampaignRecord, body: TargetRecord): Promise<void> {
    if (Object.entries(body).every(([k, v]) => sameValue(record[k], v))) {
      this.stats.engineCalls += 1;
      return;
    }
    const res = await this.call({ method: 'PATCH', url: record.href, body: JSON.stringify(body) });
    if (res.status !== 200 && res.status !== 204) throw campaignError(res, `Campaign update ${record.PKey}`);
    this.stats.engineCalls += 2;
  }

  async remove(record: CampaignRecord): Promise<void> {
    const res = await this.call({ method: 'DELETE', url: record.href });
    // Already gone counts as done: deletes are replayed after crashes.
    if (res.status === 404) return;
    if (res.status !== 200 && res.status !== 204) throw campaignError(res, `Campaign delete ${record.PKey}`);
    this.stats.engineCalls += 1;
  }

  /**
   * Newest first (`_order=lastModified desc`), following `next.href` as given, stopping at the first record
   * not newer than `since`. A record touched during the scan jumps to the head and is seen on the next run
   * (its lastModified is then above the watermark the caller keeps).
   */
  async *modifiedSince(target: CampaignTarget, since: Date | null): AsyncIterable<readonly CampaignRecord[]> {
    const what = `Campaign list ${target.resource}`;
    const q = queryString({
      _order: 'lastModified desc',
      _lineCount: String(this.opts.pageSize ?? 100),
      _forcePagination: 'true',
    });
    let url: string | undefined = `${this.url(target.path)}${q}`;
    while (url) {
      const res = await this.call({ method: 'GET', url });
      if (res.status !== 200) throw campaignError(res, what);
      const body = parseJson<ListBody>(res, what);
      const rows = (body.content ?? []).map((r) => CampaignConnector.record(r, what));
      const fresh =
        since === null
          ? rows
          : rows.filter((r) => (parseTimestamp(r.lastModified)?.getTime() ?? Infinity) > since.getTime());
      if (fresh.length > 0) yield fresh;
      if (fresh.length < rows.length) return;
      url = body.next?.href;
    }
  }

  listAll(target: CampaignTarget, pageSize: number): AsyncIterable<readonly CampaignRecord[]> {
    const get = (url: string) => this.call({ method: 'GET', url });
    return listAll(get, this.url(target.path), target, pageSize, (v, w) => CampaignConnector.record(v, w));
  }

  countAll(target: CampaignTarget): Promise<number> {
    return countAll((url) => this.call({ method: 'GET', url }), this.url(target.path), target);
  }

  async fieldTypes(target: CampaignTarget): Promise<ReadonlyMap<string, string>> {
    // Same shape as the manifest fingerprints (`link:<target>` for links), so drift checks compare like with like.
    return new Map(
      Object.entries(
        resourceFingerprint(parseCampaignResource(await this.resourceType(target), target.resource)),
      ),
    );
  }

  /** The raw resourceType document (`<root>/resourceType/<resource>`), for drift checks and metadata pull. */
  async resourceType(target: Pick<CampaignTarget, 'resource' | 'path'>): Promise<unknown> {
    const root = target.path.split('/')[0] ?? 'profileAndServicesExt';
    const what = `Campaign metadata ${target.resource}`;
    const res = await this.call({
      method: 'GET',
      url: this.url(`${root}/resourceType/${encodeComponent(target.resource, 'resource')}`),
    });
    if (res.status !== 200) throw campaignError(res, what);
    return parseJson(res, what);
  }

  /** GET any href the API returned (filters.href, count.href). */
  async getHref(href: string): Promise<unknown> {
    const res = await this.call({ method: 'GET', url: href });
    if (res.status !== 200) throw campaignError(res, `Campaign GET ${new URL(href).pathname}`);
    return parseJson(res, 'Campaign GET');
  }
}
