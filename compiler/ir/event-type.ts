// One enabled event type of an events mapping: the activity written per event (and its follow-up).
import type { EventType } from '../../core/model/mapping.ts';
import type { IrOrigin } from './origin.ts';
import type { IrTransform } from './transform.ts';

export interface IrActivity {
  readonly entity: string;
  readonly entitySet: string;
  readonly key: string;
  readonly regardingNav: string;
  readonly transform: IrTransform;
}

export interface IrEventType {
  readonly kind: 'eventType';
  readonly type: EventType;
  readonly origin: IrOrigin;
  readonly activity: IrActivity;
  readonly followUp: (IrActivity & { readonly dueInDays: number | null }) | null;
}
