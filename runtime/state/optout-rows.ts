// Rows of the opt-out tables as the port's types: one reader for the state store, the status page and traces.
import type { Row } from './driver.ts';
import type { OptoutAudit, PendingOptout } from './port.ts';

/** A nullable 0/1 column (SQLite integers, PostgreSQL booleans or integers). */
export const bool = (v: unknown): boolean | null => (v === null || v === undefined ? null : Number(v) !== 0);

export const toOptoutAudit = (r: Row): OptoutAudit => ({
  flow: String(r.flow),
  sourceId: String(r.source_id),
  pair: String(r.pair),
  dynamicsValue: bool(r.dynamics_value),
  campaignValue: bool(r.campaign_value),
  decided: Number(r.decided) !== 0,
  winner: String(r.winner),
  reason: String(r.reason),
  at: String(r.at),
});

export const toPendingOptout = (r: Row): PendingOptout => ({
  flow: String(r.flow),
  sourceId: String(r.source_id),
  side: String(r.side) as PendingOptout['side'],
  field: String(r.field),
  value: Number(r.value) !== 0,
  reason: String(r.reason),
  attempts: Number(r.attempts),
  since: r.since === null || r.since === undefined ? null : String(r.since),
});
