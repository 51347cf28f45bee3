// The function library generated bundles call (import * as rt from 'ferry/runtime', see package.json exports).
// Pure functions, no I/O; each runs per record, so they stay small and allocation-light.
export { add, div, mul, neg, sub } from './arith.ts';
export { coalesce, isEmpty, isNull } from './nulls.ts';
export {
  concat,
  contains,
  endsWith,
  left,
  lower,
  replace,
  right,
  startsWith,
  str,
  trim,
  upper,
} from './string.ts';
export {
  addDays,
  addDaysDt,
  campaignDateTime,
  date,
  datetime,
  dynamicsDateTime,
  formatDate,
  parseCampaignTimestamp,
} from './date.ts';
export { out, round, toBoolean, toInteger, toNumber, toString } from './convert.ts';
export { and, cmp, eq, ge, gt, le, lt, ne, not, or, truth } from './logic.ts';
export type { B3 } from './logic.ts';
export { label, lookup, table } from './values.ts';
export { own } from './record.ts';
export { entitySet } from './names.ts';
export type { Table } from './values.ts';
export { canonicalJson, changeHash } from './hash.ts';
export { isGuid, odataLiteral, odataString } from './odata.ts';
export { codepointCompare, sortCodepoint } from './sort.ts';
export type {
  EntityFlow,
  EventsFlow,
  OptoutFlow,
  Bundle,
  EventRecord,
  SourceRow,
  TargetRecord,
  OptoutSide,
  OptoutDecision,
  Json,
} from '../contract.ts';
