// The contract between a compiled bundle (dist/<tenant>/) and the runtime engine.
// Generated modules implement these interfaces and import nothing but runtime/lib.
export type Json = string | number | boolean | null | readonly Json[] | { readonly [k: string]: Json };

/** A row as read from the Dynamics Web API (only the $select columns, plus annotations). */
export type SourceRow = Readonly<Record<string, unknown>>;
/** A Campaign or Dynamics write body (flat JSON). */
export type TargetRecord = Readonly<Record<string, Json>>;

/** Where a flow comes from in YAML, for messages that point back to the mapping. */
export interface Origin {
  readonly file: string;
  readonly line: number;
  readonly col: number;
}

export interface CampaignTarget {
  /** Resource name, e.g. `profile`, `cusVehicle`. */
  readonly resource: string;
  /** Path below the campaign base URL, e.g. `profileAndServicesExt/profile`. */
  readonly path: string;
  /** Campaign field that holds the Dynamics id. */
  readonly key: string;
  /** Custom filter to look a record up by key: GET <path>/<filter>?<param>=<id>. */
  readonly filter: string;
  readonly filterParam: string;
}

export interface DynamicsSource {
  readonly entity: string;
  readonly entitySet: string;
  readonly primaryKey: string;
}

export interface CampaignLink {
  /** Campaign link field name on the child, written as {"<name>": {"PKey": "@…"}}. */
  readonly name: string;
  /** Source lookup column holding the parent's Dynamics id. */
  readonly from: string;
  /** Flow that syncs the parent table. */
  readonly flow: string;
  readonly required: boolean;
}

export interface EntityFlow {
  readonly kind: 'entity';
  readonly name: string;
  readonly origin: Origin;
  readonly source: DynamicsSource;
  readonly target: CampaignTarget;
  /** $select list (codepoint-sorted, primary key included). */
  readonly select: readonly string[];
  /** The part of the filter pushed down to OData for full reads; null = no $filter. */
  readonly odataFilter: string | null;
  /** The whole filter as a predicate (used on change-tracking reads, and after full reads). */
  matches(row: SourceRow): boolean;
  /** Mapped Campaign fields (links excluded). */
  transform(row: SourceRow): TargetRecord;
  /** Target fields written on create and replay only (`updates: false`). */
  readonly createOnly: readonly string[];
  /** Target fields that feed the change hash, codepoint-sorted. */
  readonly hashFields: readonly string[];
  readonly links: readonly CampaignLink[];
  readonly deletes: 'propagate' | 'ignore';
  readonly deleteFilteredOut: boolean;
  readonly onlyOwnRecords: boolean;
  /** Names of flows that must be written before this one (link parents). */
  readonly dependsOn: readonly string[];
}

/** The flat event record that events transforms read (see core/model/mapping.ts EVENT_FIELDS). */
export interface EventRecord {
  readonly eventId: string;
  readonly type: 'send' | 'open' | 'click' | 'bounce';
  readonly timestamp: Date;
  readonly profilePKey: string;
  readonly externalId: string;
  readonly email: string;
  readonly deliveryId: string;
  readonly deliveryLabel: string;
  readonly mirrorPageUrl: string | null;
  readonly campaignId: string;
  readonly campaignLabel: string;
  readonly url: string | null;
  readonly bounceType: string | null;
  readonly bounceReason: string | null;
}

export interface ActivityWrite {
  /** Activity table logical name and entity set. */
  readonly entity: string;
  readonly entitySet: string;
  /** Alternate key column holding the event id: upsert goes to <set>(<key>='<eventId>'). */
  readonly key: string;
  /** Single-valued navigation property that binds `regarding` to the contact. */
  readonly regardingNav: string;
  readonly transform: (e: EventRecord) => TargetRecord;
}

export interface EventTypeFlow extends ActivityWrite {
  readonly origin: Origin;
  readonly followUp: (ActivityWrite & { readonly dueInDays: number | null }) | null;
}

export interface EventsFlow {
  readonly kind: 'events';
  readonly name: string;
  readonly origin: Origin;
  /** The contact table (regarding target). */
  readonly contact: DynamicsSource;
  /** Enabled types only. */
  readonly types: Readonly<Partial<Record<EventRecord['type'], EventTypeFlow>>>;
  readonly hardBouncesOnly: boolean;
}

export interface OptoutSide {
  readonly value: boolean | null;
  /** Dynamics: record-level `modifiedon`; Campaign: `lastModified`. Null when unknown. */
  readonly modifiedAt: Date | null;
}

export interface OptoutDecision {
  readonly value: boolean;
  /** Which side's value is kept; the other side is written if it differs. */
  readonly winner: 'dynamics' | 'campaign';
  /** Human-readable reason recorded in the audit trail. */
  readonly reason: string;
}

export interface OptoutFlow {
  readonly kind: 'optout';
  readonly name: string;
  readonly origin: Origin;
  readonly direction: 'to-campaign' | 'to-dynamics' | 'both' | 'off';
  readonly rule: 'adobe' | 'strict';
  readonly source: DynamicsSource & { readonly modifiedField: string };
  readonly target: CampaignTarget;
  readonly pairs: readonly { readonly dynamics: string; readonly campaign: string }[];
  /** The conflict rule for one pair, pure. */
  decide(dynamics: OptoutSide, campaign: OptoutSide): OptoutDecision;
}

export type Flow = EntityFlow | EventsFlow | OptoutFlow;

/** dist/<tenant>/index.js default export. */
export interface Bundle {
  readonly tenant: string;
  readonly compilerVersion: string;
  /** Flows in dependency order (parents first). */
  readonly flows: readonly Flow[];
}

/** dist/<tenant>/manifest.json */
export interface Manifest {
  readonly compilerVersion: string;
  readonly tenant: string;
  /** path -> sha256 of each input (mappings, tenant file, metadata snapshots). */
  readonly inputs: Readonly<Record<string, string>>;
  /** `dynamics:<entity>` / `campaign:<resource>` -> { field: type } used by the bundle. */
  readonly fingerprints: Readonly<Record<string, Readonly<Record<string, string>>>>;
  readonly flows: readonly {
    readonly name: string;
    readonly kind: Flow['kind'];
    readonly module: string;
    readonly origin: Origin;
    /** Metadata key -> fingerprinted field -> where the flow's YAML uses it (drift messages). Older bundles lack it. */
    readonly fields?: Readonly<Record<string, Readonly<Record<string, Origin>>>>;
  }[];
  /** Bundle-relative path -> sha256 of every other file of the bundle; checked before anything runs. */
  readonly files: Readonly<Record<string, string>>;
  /** sha256 over the rest of this manifest (files included): names one exact bundle. */
  readonly bundleHash: string;
}
