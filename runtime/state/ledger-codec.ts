// The compact ledger row (migration 7): 16-byte GUID ids, 8-byte hashes, epoch-ms times, the target key only
// when it differs from the source id. Every value still round-trips: other ids and hashes are kept as text.
import { StateError } from '../../core/errors.ts';
import type { Row, SqlValue } from './driver.ts';
import type { LedgerEntry } from './port.ts';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const SHORT_HASH = /^[0-9a-f]{16}$/;
/** Never part of valid UTF-8: marks a text value whose length would read as the binary form. */
const TEXT_MARK = 0xff;

/** `binLen` bytes = the binary form; text of that exact length gets a trailing 0xFF so it never reads as binary. */
function encode(value: string, binary: boolean, binLen: number): Buffer {
  if (binary) return Buffer.from(value.replaceAll('-', ''), 'hex');
  const text = Buffer.from(value, 'utf8');
  return text.length === binLen ? Buffer.concat([text, Buffer.of(TEXT_MARK)]) : text;
}

function decode(b: Uint8Array, binLen: number, fromBinary: (hex: string) => string): string {
  const buf = Buffer.from(b.buffer, b.byteOffset, b.byteLength);
  if (buf.length === binLen) return fromBinary(buf.toString('hex'));
  const end = buf.length === binLen + 1 && buf[binLen] === TEXT_MARK ? binLen : buf.length;
  return buf.toString('utf8', 0, end);
}

const guidOf = (h: string): string =>
  `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;

/** A lower-case GUID as its 16 bytes; any other id as UTF-8 (never 16 bytes long). */
export const encodeId = (id: string): Buffer => encode(id, GUID.test(id), 16);
export const decodeId = (b: Uint8Array): string => decode(b, 16, guidOf);

/** A 16-hex-digit change hash as its 8 bytes; an intent ('') as no bytes; anything else as UTF-8. */
export const encodeHash = (h: string): Buffer => encode(h, SHORT_HASH.test(h), 8);
export const decodeHash = (b: Uint8Array): string => decode(b, 8, (hex) => hex);

export function encodeTime(iso: string): number {
  const ms = Date.parse(iso);
  if (!Number.isFinite(ms))
    throw new StateError('FERRY_STATE_LEDGER_TIME', `ledger time ${JSON.stringify(iso)} is not a timestamp`);
  return ms;
}

/** Column values of one row, in the order of LEDGER_COLUMNS. */
export function ledgerParams(e: LedgerEntry): SqlValue[] {
  return [
    e.flow,
    encodeId(e.sourceId),
    e.targetKey === e.sourceId ? null : e.targetKey,
    encodeHash(e.hash),
    e.createdByFerry ? 1 : 0,
    e.matched ? 1 : 0,
    encodeTime(e.syncedAt),
  ];
}

export const LEDGER_COLUMNS = 'flow, source_id, target_key, hash, created_by_ferry, matched, synced_at';

export function toLedger(r: Row): LedgerEntry {
  const sourceId = decodeId(r.source_id as Uint8Array);
  return {
    flow: String(r.flow),
    sourceId,
    targetKey: r.target_key === null || r.target_key === undefined ? sourceId : String(r.target_key),
    hash: decodeHash(r.hash as Uint8Array),
    createdByFerry: Number(r.created_by_ferry) !== 0,
    matched: Number(r.matched) !== 0,
    syncedAt: new Date(Number(r.synced_at)).toISOString(),
  };
}
