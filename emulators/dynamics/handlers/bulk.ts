// CreateMultiple / UpdateMultiple / UpsertMultiple bound to an entity set: all-or-nothing (§9).
import { ApiError, emptyResponse, jsonResponse, type ApiRequest, type ApiResponse } from '../api.ts';
import type { EmulatorContext } from '../context.ts';
import { E } from '../errors.ts';
import { resolveKey } from '../keys.ts';
import { splitPath } from '../odata/path.ts';
import type { Table } from '../store/store.ts';
import { validateBody } from '../validate.ts';
import { createRow, parseJsonBody, updateRow } from './rows.ts';
import { upsertByKey } from './write.ts';

const ACTIONS = new Set(['CreateMultiple', 'UpdateMultiple', 'UpsertMultiple']);

export function bulkAction(
  ctx: EmulatorContext,
  table: Table,
  set: string,
  action: string,
  req: ApiRequest,
): ApiResponse {
  // Unsupported on this table (per the metadata's bound actions): the action segment does not resolve.
  if (!ACTIONS.has(action) || !ctx.supportsAction(table.entity, action))
    throw E.segmentNotFound(`Microsoft.Dynamics.CRM.${action}`);
  const body = parseJsonBody(set, req.body) as { Targets?: unknown };
  const targets = body.Targets;
  if (!Array.isArray(targets)) throw E.badRequest("Parameter 'Targets' is required.");
  const type = `Microsoft.Dynamics.CRM.${table.entity.logicalName}`;
  targets.forEach((t, i) => {
    const odataType =
      typeof t === 'object' && t !== null ? (t as Record<string, unknown>)['@odata.type'] : undefined;
    // @odata.type is required on every target (§9); the exact live error text is not recorded (inference).
    if (odataType !== type && odataType !== `#${type}`) {
      throw E.badRequest(`The entity at index ${i} in Targets must specify '@odata.type' as '${type}'.`);
    }
  });
  const ids = ctx.store.transaction(() =>
    targets.map((t: Record<string, unknown>, i) => {
      try {
        return one(ctx, table, set, action, t);
      } catch (e) {
        if (e instanceof ApiError) throw new ApiError(e.status, e.code, e.message);
        throw new ApiError(400, '0x80040203', `Invalid argument at Targets[${i}].`);
      }
    }),
  );
  if (action === 'CreateMultiple')
    return jsonResponse(200, {
      '@odata.context': `${ctx.base}$metadata#Microsoft.Dynamics.CRM.CreateMultipleResponse`,
      Ids: ids,
    });
  return emptyResponse(204);
}

function one(
  ctx: EmulatorContext,
  table: Table,
  set: string,
  action: string,
  t: Record<string, unknown>,
): string {
  const odataId = typeof t['@odata.id'] === 'string' ? (t['@odata.id'] as string) : undefined;
  const values = validateBody(ctx, table, set, t);
  if (action === 'CreateMultiple') return createRow(ctx, table, values)[table.pk] as string;
  if (action === 'UpdateMultiple') {
    const id = values[table.pk];
    const row = typeof id === 'string' ? table.get(id) : undefined;
    if (!row) throw E.notFound(table.entity.logicalName, String(id ?? ''));
    return updateRow(ctx, table, row, values)[table.pk] as string;
  }
  // UpsertMultiple: `@odata.id` names the (alternate) key; otherwise the primary key in the body.
  let keyText: string;
  if (odataId !== undefined) {
    const seg = splitPath(odataId.replace(/^.*\/api\/data\/v9\.\d\//, '').replace(/^\//, ''))[0];
    if (!seg || seg.key === undefined) throw E.badRequest(`Invalid @odata.id '${odataId}'.`);
    keyText = seg.key;
  } else if (typeof values[table.pk] === 'string') keyText = values[table.pk] as string;
  else return createRow(ctx, table, values)[table.pk] as string;
  return upsertByKey(ctx, table, resolveKey(table, keyText), values).row[table.pk] as string;
}
