// An entity mapping: Dynamics table -> Campaign resource (EntityFlow in runtime/contract.ts).
import type { CampaignLink, CampaignTarget, DynamicsSource } from '../../runtime/contract.ts';
import type { IrFilter } from './filter.ts';
import type { IrOrigin } from './origin.ts';
import type { IrTransform } from './transform.ts';

export interface IrEntityFlow {
  readonly kind: 'entity';
  readonly name: string;
  readonly module: string;
  readonly origin: IrOrigin;
  readonly sourceFile: string;
  readonly source: DynamicsSource;
  readonly target: CampaignTarget;
  /** Source interface: column -> TS type (codepoint-sorted). */
  readonly sourceTypes: readonly (readonly [string, string])[];
  readonly select: readonly string[];
  readonly filter: IrFilter;
  readonly transform: IrTransform;
  readonly createOnly: readonly string[];
  readonly hashFields: readonly string[];
  readonly links: readonly CampaignLink[];
  readonly deletes: 'propagate' | 'ignore';
  readonly onlyOwnRecords: boolean;
  readonly dependsOn: readonly string[];
}
