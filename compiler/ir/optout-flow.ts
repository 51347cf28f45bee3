// An opt-out mapping: field pairs and the conflict rule (OptoutFlow).
import type { CampaignTarget, DynamicsSource } from '../../runtime/contract.ts';
import type { OptoutDirection, OptoutRule } from '../../core/model/mapping.ts';
import type { IrOrigin } from './origin.ts';

export interface IrOptoutFlow {
  readonly kind: 'optout';
  readonly name: string;
  readonly module: string;
  readonly origin: IrOrigin;
  readonly sourceFile: string;
  readonly direction: OptoutDirection;
  readonly rule: OptoutRule;
  readonly source: DynamicsSource & { readonly modifiedField: string };
  readonly target: CampaignTarget;
  readonly pairs: readonly {
    readonly dynamics: string;
    readonly campaign: string;
    readonly origin: IrOrigin;
  }[];
}
