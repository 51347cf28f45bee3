// Output of the resolve stage: mappings with every name bound to metadata. Input of `lower`.
import type { LoadedYaml } from '../load/types.ts';
import type {
  CampaignField,
  CampaignResource,
  DynamicsAttribute,
  DynamicsEntity,
} from '../../core/metadata/model.ts';
import type { EventType, Mapping, OptoutDirection, OptoutRule, Scalar } from '../../core/model/mapping.ts';

/** A place in a YAML file: the pointer and the document to turn it into line:col. */
export interface Site {
  readonly doc: LoadedYaml;
  readonly pointer: string;
}

/** Expression text with its site; offsets inside `text` map to YAML via doc.positionInScalar. */
export interface ExprSource {
  readonly text: string;
  readonly site: Site;
}

/** Type of a target slot the value is written into. */
export type TargetSlot =
  | { readonly side: 'campaign'; readonly field: CampaignField }
  | { readonly side: 'dynamics'; readonly attribute: DynamicsAttribute };

export interface ResolvedField {
  readonly target: string;
  readonly slot: TargetSlot;
  readonly site: Site;
  /** Source attribute of `from` (entity mappings) or event field name (events mappings). */
  readonly from?: {
    readonly name: string;
    readonly attribute?: DynamicsAttribute;
    readonly eventType?: string;
  };
  readonly expr?: ExprSource;
  readonly value?: Scalar;
  /** Value map with keys as written in YAML. */
  readonly values?: Readonly<Record<string, Scalar>>;
  readonly default?: Scalar;
  readonly updates: boolean;
}

export interface ResolvedLink {
  readonly name: string;
  readonly from: DynamicsAttribute;
  readonly mapping: string;
  readonly required: boolean;
  readonly site: Site;
}

export interface ResolvedTarget {
  readonly resource: CampaignResource;
  readonly key: CampaignField;
  /** Filter name (e.g. `byExternalId`) and its parameter (e.g. `externalId_parameter`). */
  readonly filter: string;
  readonly filterParam: string;
}

export interface ResolvedEntity {
  readonly kind: 'entity';
  readonly name: string;
  readonly doc: LoadedYaml;
  readonly mapping: Mapping & { readonly kind: 'entity' };
  readonly source: DynamicsEntity;
  readonly target: ResolvedTarget;
  readonly fields: readonly ResolvedField[];
  readonly links: readonly ResolvedLink[];
  readonly filter: {
    readonly all: readonly ExprSource[];
    readonly any: readonly ExprSource[];
    readonly deleteFilteredOut: boolean;
  };
  readonly deletes: 'propagate' | 'ignore';
  readonly picklists: 'label' | 'value';
  readonly onlyOwnRecords: boolean;
}

export interface ResolvedEventType {
  readonly type: EventType;
  readonly site: Site;
  readonly activity: DynamicsEntity;
  readonly key: DynamicsAttribute;
  /** Navigation property binding the activity's regarding to the contact table. */
  readonly regardingNav: string;
  readonly fields: readonly ResolvedField[];
  readonly hardOnly: boolean;
  readonly followUp: {
    readonly activity: DynamicsEntity;
    readonly regardingNav: string;
    readonly fields: readonly ResolvedField[];
    readonly dueInDays: number | null;
  } | null;
}

export interface ResolvedEvents {
  readonly kind: 'events';
  readonly name: string;
  readonly doc: LoadedYaml;
  readonly contact: DynamicsEntity;
  /** Enabled types only. */
  readonly types: readonly ResolvedEventType[];
}

export interface ResolvedOptout {
  readonly kind: 'optout';
  readonly name: string;
  readonly doc: LoadedYaml;
  readonly direction: OptoutDirection;
  readonly rule: OptoutRule;
  readonly source: DynamicsEntity;
  /** Record-level modification time column (`modifiedon`). */
  readonly modifiedField: DynamicsAttribute;
  readonly target: ResolvedTarget;
  readonly pairs: readonly {
    readonly dynamics: DynamicsAttribute;
    readonly campaign: CampaignField;
    readonly site: Site;
  }[];
}

export type ResolvedMapping = ResolvedEntity | ResolvedEvents | ResolvedOptout;

export interface ResolvedProject {
  readonly tenant: string;
  /** In dependency order: link parents before children. */
  readonly mappings: readonly ResolvedMapping[];
}
