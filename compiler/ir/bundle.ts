// The bundle: every flow in dependency order, plus what index.ts needs.
import type { IrFlow } from './index.ts';

export interface IrBundle {
  readonly kind: 'bundle';
  readonly tenant: string;
  readonly compilerVersion: string;
  readonly flows: readonly IrFlow[];
}
