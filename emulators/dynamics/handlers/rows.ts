// Row writes shared by single requests, \$batch parts and bulk actions: JSON bodies, create and update.
import { randomUUID } from 'node:crypto';
import type { EmulatorContext } from '../context.ts';
import { E } from '../errors.ts';
import { isoSeconds, type Row, type Table } from '../store/store.ts';

export function parseJsonBody(set: string, text: string): unknown {
  if (text.trim() === '') return {};
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw E.payload(set, 'Invalid JSON. An unexpected token was found in the JSON payload.');
  }
}

function checkAltKeys(table: Table, row: Record<string, unknown>, id: string): void {
  const k = table.altKeyConflict(row, id);
  if (k >= 0) {
    const cols = (table.entity.alternateKeys[k] ?? []).join(',');
    // Status of DuplicateRecordEntityKey is unverified (§10: 400/412); 412 chosen like DuplicateRecord.
    throw E.duplicateKey(cols, cols);
  }
}

/** Inserts a validated row; the id comes from the body, else `id`, else a new GUID. */
export function createRow(
  ctx: EmulatorContext,
  table: Table,
  values: Record<string, unknown>,
  id?: string,
): Row {
  const e = table.entity;
  const rowId = (
    typeof values[table.pk] === 'string' ? (values[table.pk] as string) : (id ?? randomUUID())
  ).toLowerCase();
  if (table.get(rowId)) throw E.duplicateRecord();
  const now = isoSeconds(ctx.clock.now());
  const row: Record<string, unknown> = {};
  // Defaults a new Dataverse row carries: active state, Boolean columns false (their usual default).
  if (e.attributes.has('statecode')) row['statecode'] = 0;
  if (e.attributes.has('statuscode')) row['statuscode'] = 1;
  for (const a of e.attributes.values()) if (a.type === 'Edm.Boolean' && !a.computed) row[a.name] = false;
  Object.assign(row, values, { [table.pk]: rowId });
  if (e.attributes.has('createdon')) row['createdon'] = now;
  if (e.attributes.has('modifiedon')) row['modifiedon'] = now;
  checkAltKeys(table, row, rowId);
  row['versionnumber'] = ctx.store.nextVersion();
  table.put(row as Row);
  ctx.store.writes++;
  return row as Row;
}

export function updateRow(
  ctx: EmulatorContext,
  table: Table,
  existing: Row,
  values: Record<string, unknown>,
): Row {
  const id = existing[table.pk] as string;
  const row: Record<string, unknown> = { ...existing, ...values, [table.pk]: id };
  if (table.entity.attributes.has('modifiedon')) row['modifiedon'] = isoSeconds(ctx.clock.now());
  checkAltKeys(table, row, id);
  row['versionnumber'] = ctx.store.nextVersion();
  table.put(row as Row);
  ctx.store.writes++;
  return row as Row;
}
