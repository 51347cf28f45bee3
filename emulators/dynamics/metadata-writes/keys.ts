// Alternate keys as EntityKeyMetadata: the ones the snapshot declares (Active) and the ones created over the Web
// API, whose index is built asynchronously (EntityKeyIndexStatus Pending, then Active, or Failed on duplicates).
import { ApiError, jsonResponse, type ApiRequest, type ApiResponse } from '../api.ts';
import type { CreatedKey, EmulatorContext } from '../context.ts';
import type { EntityDef } from '../schema/model.ts';
import { nameGuid } from '../synth.ts';
import { spliceEntity } from './csdl-splice.ts';

type Json = Record<string, unknown>;

/** Builds the index of every created key whose time has come; a key whose values repeat in the rows fails. */
export function activateDueKeys(ctx: EmulatorContext): void {
  const now = ctx.clock.now();
  for (const [logical, keys] of ctx.createdKeys)
    for (const k of keys) {
      if (k.status !== 'Pending' || k.activeAt > now) continue;
      const e = ctx.store.entity(logical);
      if (!e) continue;
      if (repeats(ctx, e, k.keyAttributes)) {
        k.status = 'Failed';
        continue;
      }
      const next: EntityDef = { ...e, alternateKeys: [...e.alternateKeys, k.keyAttributes] };
      ctx.store.define(next);
      ctx.csdlXml = spliceEntity(
        ctx.csdlXml,
        next,
        e.baseType ? ctx.store.entity(e.baseType) : undefined,
        [],
      );
      k.status = 'Active';
    }
}

function repeats(ctx: EmulatorContext, e: EntityDef, cols: readonly string[]): boolean {
  const seen = new Set<string>();
  for (const row of ctx.store.table(e.logicalName)?.rows.values() ?? []) {
    const parts = cols.map((c) => row[c]);
    if (parts.some((p) => p === null || p === undefined)) continue;
    const key = JSON.stringify(parts.map((p) => (typeof p === 'string' ? p.toLowerCase() : p)));
    if (seen.has(key)) return true;
    seen.add(key);
  }
  return false;
}

function keyJson(
  logical: string,
  k: CreatedKey | { schemaName: string; keyAttributes: readonly string[] },
): Json {
  const created = 'metadataId' in k;
  return {
    MetadataId: created ? k.metadataId : nameGuid(`${logical}.key.${k.schemaName}`),
    SchemaName: k.schemaName,
    LogicalName: k.schemaName.toLowerCase(),
    DisplayName: created ? k.displayName : null,
    EntityLogicalName: logical,
    KeyAttributes: [...k.keyAttributes],
    EntityKeyIndexStatus: created ? k.status : 'Active',
    AsyncJob: created ? nameGuid(`asyncjob:${k.metadataId}`) : null,
    IsManaged: false,
  };
}

/** Every key of a table: snapshot keys (named `<table>_key<n>`, as the CSDL carries no names) then created ones. */
export function keysOf(ctx: EmulatorContext, e: EntityDef): Json[] {
  const created = ctx.createdKeys.get(e.logicalName) ?? [];
  const same = (a: readonly string[], b: readonly string[]) => a.join(',') === b.join(',');
  const fromSnapshot = e.alternateKeys
    .filter((cols) => !created.some((k) => same(k.keyAttributes, cols)))
    .map((cols, i) =>
      keyJson(e.logicalName, { schemaName: `${e.logicalName}_key${i + 1}`, keyAttributes: cols }),
    );
  return [...fromSnapshot, ...created.map((k) => keyJson(e.logicalName, k))];
}

const pick = (o: Json, sel: string | null): Json => {
  if (sel === null) return o;
  const keep = new Set(['MetadataId', ...sel.split(',').map((s) => s.trim())]);
  return Object.fromEntries(Object.entries(o).filter(([k]) => keep.has(k)));
};

/** GET EntityDefinitions(…)/Keys and GET EntityDefinitions(…)/Keys(<id>). */
export function readKeys(
  ctx: EmulatorContext,
  e: EntityDef,
  id: string | undefined,
  req: ApiRequest,
): ApiResponse {
  const sel = req.query.get('$select');
  const context = `${ctx.base}$metadata#EntityDefinitions('${e.logicalName}')/Keys${sel === null ? '' : `(${sel})`}`;
  const all = keysOf(ctx, e);
  if (id === undefined)
    return jsonResponse(200, { '@odata.context': context, value: all.map((k) => pick(k, sel)) });
  const m = /^LogicalName='([^']*)'$/.exec(id.trim());
  const one = all.find((k) => (m ? k['LogicalName'] === m[1] : k['MetadataId'] === id.trim().toLowerCase()));
  if (!one)
    throw new ApiError(404, '0x80040217', `Could not find key with ${id.trim()} on entity ${e.logicalName}.`);
  return jsonResponse(200, { '@odata.context': `${context}/$entity`, ...pick(one, sel) });
}
