// An events mapping: Campaign journal events -> Dynamics activities (EventsFlow).
import type { DynamicsSource } from '../../runtime/contract.ts';
import type { IrEventType } from './event-type.ts';
import type { IrOrigin } from './origin.ts';

export interface IrEventsFlow {
  readonly kind: 'events';
  readonly name: string;
  readonly module: string;
  readonly origin: IrOrigin;
  readonly sourceFile: string;
  readonly contact: DynamicsSource;
  /** In EVENT_TYPES order. */
  readonly types: readonly IrEventType[];
  readonly hardBouncesOnly: boolean;
}
