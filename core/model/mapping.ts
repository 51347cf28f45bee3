// Shapes of mapping files after schema validation (schemas/mapping.schema.json is the contract).
export type Scalar = string | number | boolean | null;

/** One Campaign (or activity) field. At least one of `from`, `expr` or `value` is set. */
export interface FieldSpec {
  /** Source field (Dynamics logical name, or event field) the value comes from. */
  readonly from?: string;
  /** Expression in ferry's expression language; source fields are referenced by name. */
  readonly expr?: string;
  /** A constant. */
  readonly value?: Scalar;
  /** Value replacements: source value (as written in YAML, keys are strings) -> target value. */
  readonly values?: Readonly<Record<string, Scalar>>;
  /** Used when the value is null/undefined or not in `values`. */
  readonly default?: Scalar;
  /** false = written on create and replay only (Adobe's "Apply updates" OFF). Default true. */
  readonly updates?: boolean;
  readonly description?: string;
}

export interface FilterSpec {
  /** Conditions combined with AND. */
  readonly all?: readonly string[];
  /** Conditions combined with OR. */
  readonly any?: readonly string[];
  /** Delete in Campaign a record that stops matching. Default false. */
  readonly deleteFilteredOut?: boolean;
}

/** Campaign target of an entity or opt-out mapping. */
export interface TargetSpec {
  /** `profile`, or a custom resource `cusXxx` (linked to profile) or an unlinked custom resource name. */
  readonly resource: string;
  /** Campaign field that holds the Dynamics primary key (e.g. `externalId`). */
  readonly key: string;
  /** Custom filter used to find a record by key, e.g. `byExternalId` (parameter `<key>_parameter`). */
  readonly filter?: string;
}

/** A link from a custom resource to the resource of another mapping (parent lookup). */
export interface LinkSpec {
  /** Dynamics lookup column, e.g. `_new_contactid_value`. */
  readonly from: string;
  /** Name of the mapping that syncs the parent table. */
  readonly mapping: string;
  /** Is the link mandatory (1 cardinality) or 0-or-1. Default false. */
  readonly required?: boolean;
}

export interface EntityMapping {
  readonly version: 1;
  readonly kind: 'entity';
  readonly name: string;
  readonly description?: string;
  readonly source: { readonly entity: string };
  readonly target: TargetSpec;
  /** Target field name -> spec. */
  readonly fields: Readonly<Record<string, FieldSpec>>;
  /** Campaign link name -> link spec. */
  readonly links?: Readonly<Record<string, LinkSpec>>;
  readonly filter?: FilterSpec;
  /** Default `ignore`. */
  readonly deletes?: 'propagate' | 'ignore';
  /** Default `label`. */
  readonly picklists?: 'label' | 'value';
  /** Campaign records ferry did not create are never touched (as in Adobe's integration). Default true. */
  readonly onlyOwnRecords?: boolean;
}

export type EventType = 'send' | 'open' | 'click' | 'bounce';
export const EVENT_TYPES: readonly EventType[] = ['send', 'open', 'click', 'bounce'];

export interface FollowUpSpec {
  /** Dynamics activity table for the follow-up (usually `task`). */
  readonly activity: string;
  /** Target field -> spec, evaluated over the event record. */
  readonly fields: Readonly<Record<string, FieldSpec>>;
  /** Days after the event for the task's due date (`scheduledend`). */
  readonly dueInDays?: number;
}

export interface EventTypeSpec {
  /** Default true. */
  readonly enabled?: boolean;
  /** Dynamics activity table logical name. */
  readonly activity: string;
  /** Alternate key column on the activity table that holds the event id. */
  readonly key: string;
  /** Activity field -> spec, evaluated over the flat event record (see EVENT_FIELDS). */
  readonly fields: Readonly<Record<string, FieldSpec>>;
  /** bounce only: forward hard bounces only. Default true. */
  readonly hardOnly?: boolean;
  readonly followUp?: FollowUpSpec;
}

export interface EventsMapping {
  readonly version: 1;
  readonly kind: 'events';
  readonly name: string;
  readonly description?: string;
  /** Dynamics table the activities are regarding (the profile's `externalId` holds its id). */
  readonly contact: { readonly entity: string };
  readonly types: Readonly<Partial<Record<EventType, EventTypeSpec>>>;
}

export type OptoutDirection = 'to-campaign' | 'to-dynamics' | 'both' | 'off';
export type OptoutRule = 'adobe' | 'strict';

export interface OptoutPair {
  /** Dynamics boolean column, usually `donot*`. */
  readonly dynamics: string;
  /** Campaign boolean field: `denyList*`, `blackList*` or `ccpaOptOut`. */
  readonly campaign: string;
}

export interface OptoutMapping {
  readonly version: 1;
  readonly kind: 'optout';
  readonly name: string;
  readonly description?: string;
  readonly direction: OptoutDirection;
  /** Default `adobe`. */
  readonly rule?: OptoutRule;
  readonly source: { readonly entity: string };
  readonly target: TargetSpec;
  readonly pairs: readonly OptoutPair[];
}

export type Mapping = EntityMapping | EventsMapping | OptoutMapping;

/**
 * The flat, typed record an events mapping reads (the modeled journal payload, flattened so
 * that expressions never need property access). Types are the expression-language types.
 */
export const EVENT_FIELDS = {
  eventId: 'string',
  type: 'string',
  timestamp: 'datetime',
  profilePKey: 'string',
  externalId: 'string',
  email: 'string',
  deliveryId: 'string',
  deliveryLabel: 'string',
  mirrorPageUrl: 'string?',
  campaignId: 'string',
  campaignLabel: 'string',
  url: 'string?',
  bounceType: 'string?',
  bounceReason: 'string?',
} as const;
export type EventFieldName = keyof typeof EVENT_FIELDS;
