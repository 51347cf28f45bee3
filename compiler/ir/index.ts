// The typed, readonly IR between `lower` and `emit`. One node kind per file; the emitter's dispatch
// table is keyed by IrNode['kind'], so adding a kind here fails tsc until the emitter handles it.
import type { IrBundle } from './bundle.ts';
import type { IrEntityFlow } from './entity-flow.ts';
import type { IrEventType } from './event-type.ts';
import type { IrEventsFlow } from './events-flow.ts';
import type { IrField } from './field.ts';
import type { IrFilter } from './filter.ts';
import type { IrOptoutFlow } from './optout-flow.ts';
import type { IrTransform } from './transform.ts';
import type { IrConst } from './value-const.ts';
import type { IrConvert } from './value-convert.ts';
import type { IrExprValue } from './value-expr.ts';
import type { IrLabel } from './value-label.ts';
import type { IrMapped } from './value-mapped.ts';
import type { IrSource } from './value-source.ts';

export type IrValue = IrConst | IrSource | IrExprValue | IrLabel | IrMapped | IrConvert;
export type IrFlow = IrEntityFlow | IrEventsFlow | IrOptoutFlow;
export type IrNode = IrBundle | IrFlow | IrEventType | IrTransform | IrField | IrFilter | IrValue;

export type {
  IrBundle,
  IrEntityFlow,
  IrEventType,
  IrEventsFlow,
  IrField,
  IrFilter,
  IrOptoutFlow,
  IrTransform,
  IrConst,
  IrConvert,
  IrExprValue,
  IrLabel,
  IrMapped,
  IrSource,
};
export type { IrActivity } from './event-type.ts';
export type { IrCondition } from './filter.ts';
export type { IrOrigin } from './origin.ts';
export type { Writer } from './value-convert.ts';
