// POST EntityDefinitions, POST EntityDefinitions(…)/Attributes and POST EntityDefinitions(…)/Keys: the metadata
// writes of "Create and update table definitions using the Web API" (204 + OData-EntityId, 400 on duplicates).
import { asObject, asString } from '../../common/json.ts';
import { ApiError, emptyResponse, type ApiRequest, type ApiResponse } from '../api.ts';
import type { EmulatorContext } from '../context.ts';
import { definitionOf } from '../definitions.ts';
import { E } from '../errors.ts';
import type { Segment } from '../odata/path.ts';
import type { EntityDef } from '../schema/model.ts';
import { nameGuid } from '../synth.ts';
import { spliceEntity } from './csdl-splice.ts';
import { columnFrom, logicalNameOf, tableFrom } from './define.ts';
import { keysOf, readKeys } from './keys.ts';

type Json = Record<string, unknown>;

/** Attribute types an alternate key may use (documented list of valid key column types). */
const KEY_TYPES = new Set([
  'String',
  'Integer',
  'Decimal',
  'DateTime',
  'Lookup',
  'Customer',
  'Owner',
  'Picklist',
]);
/** Tables a new activity can be regarding (they have activities in every org). */
const REGARDING = ['account', 'contact'];

// Live codes of these refusals are not recorded in the reference (inference); the status is the documented 400.
const duplicate = (message: string) => new ApiError(400, '0x80044363', message);

function parseBody(req: ApiRequest): Json {
  let v: unknown;
  try {
    v = JSON.parse(req.body || 'null');
  } catch {
    throw E.badRequest('The request body is not valid JSON.');
  }
  const o = asObject(v);
  if (!o) throw E.badRequest('The request body must be a JSON object.');
  return o;
}

/** The table a key segment names: `LogicalName='x'` or its MetadataId. */
function tableOf(ctx: EmulatorContext, key: string): EntityDef {
  const k = key.trim();
  const m = /^LogicalName='([^']*)'$/.exec(k);
  for (const [name, def] of ctx.entityDefinitions)
    if (m ? name === m[1] : def['MetadataId'] === k.toLowerCase()) {
      const e = ctx.store.entity(name);
      if (e) return e;
    }
  throw new ApiError(404, '0x80040217', `Could not find entity with ${k}.`);
}

const entityUrl = (ctx: EmulatorContext, e: EntityDef) =>
  `${ctx.base}EntityDefinitions(${String(ctx.entityDefinitions.get(e.logicalName)?.['MetadataId'] ?? nameGuid(e.logicalName))})`;

/** Collection-bound bulk actions this org declares: a new table gets them too (none on orgs without them). */
function bulkActions(ctx: EmulatorContext): string[] {
  const all = new Set<string>();
  for (const list of ctx.store.metadata.boundActions.values())
    for (const a of list) if (a.endsWith('Multiple')) all.add(a);
  return [...all].sort();
}

function createTable(ctx: EmulatorContext, req: ApiRequest): ApiResponse {
  const body = parseBody(req);
  const logical = logicalNameOf(body, 'table');
  if (ctx.store.entity(logical))
    throw duplicate(`An entity with the specified name ${logical} already exists.`);
  const targets = REGARDING.flatMap((n) => ctx.store.entity(n) ?? []);
  const { entity, columns } = tableFrom(body, nameGuid, ctx.store.entity('activitypointer'), targets);
  const actions = bulkActions(ctx);
  ctx.store.define(entity, actions);
  const base = entity.baseType ? ctx.store.entity(entity.baseType) : undefined;
  ctx.csdlXml = spliceEntity(ctx.csdlXml, entity, base, actions);
  const def = definitionOf(ctx.store.metadata, entity, undefined);
  const posted = new Map(columns.map((c) => [c.def.name, c.body]));
  const attrs = ((def['Attributes'] as Json[] | undefined) ?? []).map(
    (a) => posted.get(String(a['LogicalName'])) ?? a,
  );
  const { Attributes: _a, '@odata.type': _t, ...identity } = body;
  ctx.entityDefinitions.set(logical, {
    ...def,
    ...identity,
    LogicalName: logical,
    IsCustomEntity: true,
    Attributes: attrs,
  });
  return emptyResponse(204, { 'OData-EntityId': entityUrl(ctx, entity) });
}

function createColumn(ctx: EmulatorContext, e: EntityDef, req: ApiRequest): ApiResponse {
  const body = parseBody(req);
  const name = logicalNameOf(body, 'column');
  if (e.attributes.has(name) || e.attributes.has(`_${name}_value`))
    throw duplicate(
      `An attribute with the specified name ${name} already exists on entity ${e.logicalName}.`,
    );
  const id = nameGuid(`${e.logicalName}.${name}`);
  const { def, body: json } = columnFrom(body, id);
  const next: EntityDef = { ...e, attributes: new Map(e.attributes).set(def.name, def) };
  ctx.store.define(next);
  ctx.csdlXml = spliceEntity(ctx.csdlXml, next, e.baseType ? ctx.store.entity(e.baseType) : undefined, []);
  const stored =
    ctx.entityDefinitions.get(e.logicalName) ?? definitionOf(ctx.store.metadata, next, undefined);
  const attrs = Array.isArray(stored['Attributes']) ? (stored['Attributes'] as Json[]) : [];
  ctx.entityDefinitions.set(e.logicalName, { ...stored, Attributes: [...attrs, json] });
  return emptyResponse(204, { 'OData-EntityId': `${entityUrl(ctx, e)}/Attributes(${id})` });
}

function createKey(ctx: EmulatorContext, e: EntityDef, req: ApiRequest): ApiResponse {
  const body = parseBody(req);
  const schemaName = asString(body['SchemaName']);
  const cols = Array.isArray(body['KeyAttributes']) ? body['KeyAttributes'].map(String) : [];
  if (!schemaName || cols.length === 0) throw E.badRequest('A key needs a SchemaName and KeyAttributes.');
  for (const c of cols) {
    const a = e.attributes.get(c) ?? e.attributes.get(`_${c}_value`);
    if (!a) throw E.badRequest(`Attribute ${c} does not exist on entity ${e.logicalName}.`);
    if (!KEY_TYPES.has(a.attributeType ?? ''))
      throw E.badRequest(`Attribute ${c} of type ${a.attributeType ?? a.type} cannot be part of a key.`);
  }
  const existing = keysOf(ctx, e);
  if (existing.some((k) => k['LogicalName'] === schemaName.toLowerCase()))
    throw duplicate(`A key with the name ${schemaName} already exists on entity ${e.logicalName}.`);
  if (existing.some((k) => (k['KeyAttributes'] as string[]).join(',') === cols.join(',')))
    throw duplicate(`A key with the same attributes already exists on entity ${e.logicalName}.`);
  const metadataId = nameGuid(`${e.logicalName}.key.${schemaName.toLowerCase()}`);
  const list = ctx.createdKeys.get(e.logicalName) ?? [];
  list.push({
    metadataId,
    schemaName,
    logicalName: schemaName.toLowerCase(),
    displayName: body['DisplayName'] ?? null,
    keyAttributes: cols,
    activeAt: ctx.clock.now() + ctx.keyIndexDelayMs,
    status: 'Pending',
  });
  ctx.createdKeys.set(e.logicalName, list);
  return emptyResponse(204, { 'OData-EntityId': `${entityUrl(ctx, e)}/Keys(${metadataId})` });
}

/** Metadata writes and the Keys collection; undefined when the request is an EntityDefinitions read. */
export function metadataWrite(
  ctx: EmulatorContext,
  segs: readonly Segment[],
  req: ApiRequest,
): ApiResponse | undefined {
  const [root, nav] = segs;
  if (!root || segs.length > 2) return undefined;
  if (req.method === 'POST' && root.key === undefined && nav === undefined) return createTable(ctx, req);
  if (root.key === undefined || nav === undefined) return undefined;
  if (nav.name === 'Keys') {
    const e = tableOf(ctx, root.key);
    if (req.method === 'GET') return readKeys(ctx, e, nav.key, req);
    if (req.method === 'POST' && nav.key === undefined) return createKey(ctx, e, req);
    throw E.methodNotAllowed(`${ctx.base}${req.path}`);
  }
  if (nav.name === 'Attributes' && req.method === 'POST' && nav.key === undefined)
    return createColumn(ctx, tableOf(ctx, root.key), req);
  return undefined;
}
