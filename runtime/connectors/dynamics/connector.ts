// DynamicsPort over the Dataverse Web API.
import { parseCsdl } from '../../../core/metadata/csdl.ts';
import type { DynamicsMetadata } from '../../../core/metadata/model.ts';
import type { SourceRow } from '../../contract.ts';
import { DriftError } from '../../../core/errors.ts';
import { realClock, type Clock } from '../../http/clock.ts';
import { expectOk } from '../../http/errors.ts';
import type { Send } from '../../http/types.ts';
import type { DynamicsPage, DynamicsPort, DynamicsWrite, WriteResult } from '../../ports.ts';
import { BatchSize, DEFAULT_BATCH_SIZE } from './batch-size.ts';
import { DynamicsHttp } from './http.ts';
import { encodeComponent } from '../../http/encode.ts';
import { apiBase, assertGuid, query } from './odata.ts';
import { readPages } from './reads.ts';
import { spanningIsCheaper } from './spanning.ts';
import { upsertViaBatch, upsertViaMultiple } from './writes.ts';

export interface DynamicsConnectorOptions {
  /** Environment root, e.g. https://org.crm.dynamics.com (tenant file `dynamics.url`). */
  readonly url: string;
  /** An authenticated pipeline (see http/pipeline.ts dynamicsPipeline). */
  readonly send: Send;
  /** Rows per page (`odata.maxpagesize`, ≤ 5000). Default 1000. */
  readonly pageSize?: number;
  /** Records per $batch / UpsertMultiple to start with (tenant `batchSize`, default 1000); halves on failure, grows back to 1000. */
  readonly batchSize?: number;
  /** Entity sets that support UpsertMultiple -> their entity logical name (for `@odata.type`). See upsertMultipleSets(). */
  readonly upsertMultiple?: ReadonlyMap<string, string>;
  /** Ids per getByIds request. Default 50. */
  readonly idsPerRequest?: number;
  /** Cached `$metadata` older than this is fetched again (default 10 minutes); refreshMetadata() drops it at once. */
  readonly metadataMaxAgeMs?: number;
  readonly clock?: Clock;
}

/** Entity sets whose metadata lists the bound UpsertMultiple action, mapped to their logical names. */
export function upsertMultipleSets(metadata: DynamicsMetadata): Map<string, string> {
  const out = new Map<string, string>();
  for (const e of metadata.entities.values()) {
    if (metadata.boundActions.get(e.entitySetName)?.includes('UpsertMultiple'))
      out.set(e.entitySetName, e.logicalName);
  }
  return out;
}

/** An empty list means every column: send no $select at all rather than an invalid empty one. */
const selectList = (select: readonly string[]): string | undefined =>
  select.length === 0 ? undefined : select.join(',');

export class DynamicsConnector implements DynamicsPort {
  readonly http: DynamicsHttp;
  readonly batchSize: BatchSize;
  private metadata: { readonly at: number; readonly value: Promise<DynamicsMetadata> } | null = null;

  constructor(private readonly opts: DynamicsConnectorOptions) {
    this.http = new DynamicsHttp(opts.send, apiBase(opts.url));
    this.batchSize = new BatchSize(opts.batchSize ?? DEFAULT_BATCH_SIZE);
  }

  get stats(): { requests: number } {
    return { requests: this.http.requests };
  }

  private prefer(extra?: string): string {
    return [`odata.maxpagesize=${this.opts.pageSize ?? 1000}`, ...(extra ? [extra] : [])].join(',');
  }

  readAll(q: {
    entitySet: string;
    select: readonly string[];
    filter: string | null;
  }): AsyncIterable<DynamicsPage> {
    const url =
      this.http.url(encodeComponent(q.entitySet, 'entity set')) +
      query({ $select: selectList(q.select), $filter: q.filter ?? undefined });
    return readPages(this.http, url, this.prefer(), `Read ${q.entitySet}`);
  }

  startTracking(q: { entitySet: string; select: readonly string[] }): AsyncIterable<DynamicsPage> {
    // No $filter/$orderby/$top with change tracking (reference §6): the engine filters with the predicate.
    const url =
      this.http.url(encodeComponent(q.entitySet, 'entity set')) + query({ $select: selectList(q.select) });
    return readPages(this.http, url, this.prefer('odata.track-changes'), `Track ${q.entitySet}`);
  }

  readDelta(deltaLink: string): AsyncIterable<DynamicsPage> {
    return readPages(this.http, deltaLink, this.prefer('odata.track-changes'), 'Delta read');
  }

  async upsert(writes: readonly DynamicsWrite[]): Promise<readonly WriteResult[]> {
    const bySet = new Map<string, DynamicsWrite[]>();
    for (const w of writes) {
      const group = bySet.get(w.entitySet);
      if (group === undefined) bySet.set(w.entitySet, [w]);
      else group.push(w);
    }
    // Several small per-set groups (an events page) cost fewer requests as one $batch spanning the sets.
    if (
      spanningIsCheaper(
        [...bySet.values()].map((g) => g.length),
        this.batchSize.value,
      )
    )
      return upsertViaBatch(this.http, this.batchSize, writes);
    const results = new Map<string, WriteResult>();
    const bulk = await this.bulkSets();
    for (const [set, group] of bySet) {
      const entity = bulk.get(set);
      const rs = entity
        ? await upsertViaMultiple(this.http, this.batchSize, entity, group)
        : await upsertViaBatch(this.http, this.batchSize, group);
      for (const r of rs) results.set(r.ref, r);
    }
    // Results in input order (refs are unique per call).
    return writes.map(
      (w) => results.get(w.ref) ?? { ref: w.ref, ok: false, status: 0, error: 'not written' },
    );
  }

  async getByIds(q: {
    entitySet: string;
    primaryKey: string;
    select: readonly string[];
    ids: readonly string[];
  }): Promise<readonly SourceRow[]> {
    const ids = [...new Set(q.ids.map(assertGuid))];
    const per = this.opts.idsPerRequest ?? 50;
    const rows: SourceRow[] = [];
    for (let i = 0; i < ids.length; i += per) {
      const filter = ids
        .slice(i, i + per)
        .map((id) => `${q.primaryKey} eq ${id}`)
        .join(' or ');
      const url =
        this.http.url(encodeComponent(q.entitySet, 'entity set')) +
        query({ $select: selectList(q.select), $filter: filter });
      for await (const page of readPages(this.http, url, this.prefer(), `Get ${q.entitySet} by id`))
        rows.push(...page.rows);
    }
    return rows;
  }

  /**
   * Sets written with UpsertMultiple: the configured map, else the sets whose live `$metadata` declares the
   * action (older orgs declare none). An unreadable `$metadata` leaves every set on `$batch`, which all orgs have.
   */
  private async bulkSets(): Promise<ReadonlyMap<string, string>> {
    if (this.opts.upsertMultiple) return this.opts.upsertMultiple;
    try {
      return upsertMultipleSets(await this.liveMetadata());
    } catch {
      return new Map();
    }
  }

  /** The live `$metadata`, parsed once and shared until it is older than metadataMaxAgeMs or refreshMetadata() is called. */
  liveMetadata(): Promise<DynamicsMetadata> {
    const clock = this.opts.clock ?? realClock;
    const cached = this.metadata;
    if (cached !== null && clock.now() - cached.at < (this.opts.metadataMaxAgeMs ?? 600_000))
      return cached.value;
    const entry = { at: clock.now(), value: this.fetchMetadataXml().then((xml) => parseCsdl(xml).metadata) };
    this.metadata = entry;
    // A failed read is not cached; a newer entry is left alone.
    entry.value.catch(() => {
      if (this.metadata === entry) this.metadata = null;
    });
    return entry.value;
  }

  /** Forget the cached `$metadata`: the engine calls this once per pass so `run --follow` sees schema changes. */
  refreshMetadata(): void {
    this.metadata = null;
  }

  async fetchMetadataXml(): Promise<string> {
    const res = expectOk(
      await this.http.raw({
        method: 'GET',
        url: this.http.url('$metadata'),
        headers: { accept: 'application/xml' },
      }),
      'Read $metadata',
    );
    return res.body;
  }

  async attributeTypes(entity: string): Promise<ReadonlyMap<string, string>> {
    const e = (await this.liveMetadata()).entities.get(entity);
    if (!e)
      throw new DriftError('FERRY_DRIFT_ENTITY', `Entity ${entity} is not in the live Dynamics metadata`, {
        details: { entity },
      });
    return new Map([...e.attributes.values()].map((a) => [a.name, a.type]));
  }
}
