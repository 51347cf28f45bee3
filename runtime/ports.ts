// Ports between the engine and the outside world; connectors and state adapters implement them.
import type { ErrorCode } from '../core/errors.ts';
import type { CampaignTarget, Json, SourceRow, TargetRecord } from './contract.ts';

/** One page of a Dynamics read. */
export interface DynamicsPage {
  readonly rows: readonly SourceRow[];
  /** Ids of rows deleted since the last delta (bare GUIDs); empty on full reads. */
  readonly deleted: readonly string[];
  /** Present on the last page of a change-tracking read. */
  readonly deltaLink?: string;
}

export interface DynamicsWrite {
  /** Entity set, e.g. `ferry_emailsends`. */
  readonly entitySet: string;
  /** OData key predicate: `<guid>` or `keyPredicate('ferry_eventid', id)` (runtime/http/encode.ts); the connector URL-encodes it. */
  readonly key: string;
  readonly body: TargetRecord;
  /** `body` as JSON text when the engine already serialized it: hashed and sent as the very same text. */
  readonly json?: string;
  /** Correlates results with inputs (e.g. the journal position or record id). */
  readonly ref: string;
}

export interface WriteResult {
  readonly ref: string;
  readonly ok: boolean;
  /** HTTP status of this operation. */
  readonly status: number;
  /** API error message when !ok. */
  readonly error?: string;
  /** Stable code when !ok and it is not the API's own rejection (FERRY_DYNAMICS_REJECTED is assumed). */
  readonly code?: ErrorCode;
}

export interface DynamicsPort {
  /** Full read: all rows, `$filter` pushed down, paged with odata.maxpagesize. */
  readAll(q: {
    entitySet: string;
    select: readonly string[];
    filter: string | null;
  }): AsyncIterable<DynamicsPage>;
  /** Initial change-tracking read (no $filter allowed); the last page carries the deltaLink. */
  startTracking(q: { entitySet: string; select: readonly string[] }): AsyncIterable<DynamicsPage>;
  /** Changes since a stored deltaLink. Throws HttpError with status 4xx when the token expired. */
  readDelta(deltaLink: string): AsyncIterable<DynamicsPage>;
  /** Upsert rows by key; batched ($batch change sets or UpsertMultiple), failing items isolated. */
  upsert(writes: readonly DynamicsWrite[]): Promise<readonly WriteResult[]>;
  /** Rows by primary key (for opt-out reads of the other side). */
  getByIds(q: {
    entitySet: string;
    primaryKey: string;
    select: readonly string[];
    ids: readonly string[];
  }): Promise<readonly SourceRow[]>;
  /** Live attribute types of an entity for drift checks: attribute -> Edm type. */
  attributeTypes(entity: string): Promise<ReadonlyMap<string, string>>;
  /** Drop cached live metadata so the next attributeTypes() re-reads it (the drift check calls it once per pass). */
  refreshMetadata?(): void;
  /** Counters for reports. */
  readonly stats: { requests: number };
}

/** A Campaign record as returned by the API (PKey, href and fields). */
export type CampaignRecord = Readonly<Record<string, Json>> & {
  readonly PKey: string;
  readonly href: string;
};

export interface CampaignPort {
  /** Records whose key field equals `id`, found through the target's custom filter. */
  findByKey(target: CampaignTarget, id: string): Promise<readonly CampaignRecord[]>;
  create(target: CampaignTarget, body: TargetRecord): Promise<CampaignRecord>;
  update(record: CampaignRecord, body: TargetRecord): Promise<void>;
  remove(record: CampaignRecord): Promise<void>;
  /** Records modified after `since`, newest first (`_order=lastModified desc`), for opt-out reads. */
  modifiedSince(target: CampaignTarget, since: Date | null): AsyncIterable<readonly CampaignRecord[]>;
  /** Live field types of a resource for drift checks: field -> type. */
  fieldTypes(target: CampaignTarget): Promise<ReadonlyMap<string, string>>;
  /** Every record of a resource in its default (stable) order, `pageSize` a page (run-scoped key index). */
  listAll?(target: CampaignTarget, pageSize: number): AsyncIterable<readonly CampaignRecord[]>;
  /** Records the resource holds (for the key-index planner's cost estimate). */
  countAll?(target: CampaignTarget): Promise<number>;
  /** Counters: HTTP calls and licensed engine calls spent (insert 1, update 2/1, delete 1). */
  readonly stats: { requests: number; engineCalls: number };
}

export interface JournalEntry {
  readonly position: string;
  readonly event: Json;
}

export interface JournalBatch {
  readonly entries: readonly JournalEntry[];
  /** Seconds to wait before polling again (204 answers). */
  readonly retryAfter: number | null;
}

export interface JournalPort {
  /** Events after `since` (null = oldest retained). Throws FerryError `FERRY_JOURNAL_POSITION_EXPIRED`. */
  read(since: string | null, limit: number): Promise<JournalBatch>;
}
