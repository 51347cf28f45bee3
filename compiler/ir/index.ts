// The typed IR between `lower` and `emit`: deep-frozen plain data (JSON round-trips it), one node kind
// per file. Module kinds and value kinds each have an emitter table keyed by kind (a new kind fails tsc
// until it is emitted); parts are emitted by their parent module's emitter.
import type { IrBundle, IrFlow } from './bundle.ts';
import type { IrEntityFlow } from './entity-flow.ts';
import type { IrEventType } from './event-type.ts';
import type { IrEventsFlow } from './events-flow.ts';
import type { IrField } from './field.ts';
import type { IrFilter } from './filter.ts';
import type { IrOptoutFlow } from './optout-flow.ts';
import type { IrTransform } from './transform.ts';
import type { IrExprValue } from './value-expr.ts';
import type { IrConst, IrConvert, IrLabel, IrMapped, IrSource, IrValue } from './value.ts';

/** Kinds emitted as a module (file) of their own. */
export type IrModuleNode = IrBundle | IrFlow;
/** Kinds emitted inside their flow's module (statements, not files). */
export type IrPart = IrEventType | IrTransform | IrField | IrFilter;
export type IrNode = IrModuleNode | IrPart | IrValue;

export type {
  IrValue,
  IrFlow,
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
export type { Writer } from './value.ts';
