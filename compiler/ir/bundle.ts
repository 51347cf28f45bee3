// The bundle: every flow in dependency order, plus what index.ts needs.
import type { IrEntityFlow } from './entity-flow.ts';
import type { IrEventsFlow } from './events-flow.ts';
import type { IrOptoutFlow } from './optout-flow.ts';

export type IrFlow = IrEntityFlow | IrEventsFlow | IrOptoutFlow;

export interface IrBundle {
  readonly kind: 'bundle';
  readonly tenant: string;
  readonly compilerVersion: string;
  readonly flows: readonly IrFlow[];
}
