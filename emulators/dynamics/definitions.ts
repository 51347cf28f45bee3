// EntityDefinitions bodies served by the emulator: snapshot JSON (typed casts merged) or synthesized, plus the
// standard EntityMetadata properties the snapshot files do not carry, derived from the schema.
import type { EntityDef, OrgSchema } from './schema/model.ts';
import { synthesizeEntityDefinition } from './synth.ts';

type Json = Record<string, unknown>;

/** Published ObjectTypeCodes of system tables (EntityMetadata reference). */
const SYSTEM_OTC: Readonly<Record<string, number>> = {
  account: 1,
  contact: 2,
  opportunity: 3,
  lead: 4,
  annotation: 5,
  systemuser: 8,
  team: 9,
  businessunit: 10,
  activitypointer: 4200,
  email: 4202,
  phonecall: 4210,
  task: 4212,
};

/** Primary name columns of system tables; activities use `subject`. */
const SYSTEM_NAME: Readonly<Record<string, string>> = {
  contact: 'fullname',
  systemuser: 'fullname',
  lead: 'fullname',
};

const isActivity = (e: EntityDef) => e.baseType === 'activitypointer' || e.logicalName === 'activitypointer';
/** Custom tables carry a publisher prefix (`ferry_vehicle`); system tables do not. */
const isCustom = (e: EntityDef) => /^[a-z0-9]+_/.test(e.logicalName) && !(e.logicalName in SYSTEM_OTC);

function primaryName(e: EntityDef): string | null {
  const candidates = [
    SYSTEM_NAME[e.logicalName],
    isActivity(e) ? 'subject' : undefined,
    `${e.logicalName.split('_')[0]}_name`,
    'name',
    'fullname',
  ];
  return candidates.find((c): c is string => c !== undefined && e.attributes.has(c)) ?? null;
}

/**
 * The standard properties; ObjectTypeCode of a custom table is org-specific, so the emulator numbers
 * custom tables from 10000 in logical-name order (stable for one schema).
 */
function standardProperties(e: EntityDef, customOrder: readonly string[]): Json {
  const custom = isCustom(e);
  return {
    SchemaName: e.logicalName,
    LogicalCollectionName: e.entitySetName || null,
    PrimaryIdAttribute: e.primaryKey,
    PrimaryNameAttribute: primaryName(e),
    ObjectTypeCode: SYSTEM_OTC[e.logicalName] ?? 10000 + Math.max(customOrder.indexOf(e.logicalName), 0),
    IsActivity: isActivity(e),
    IsActivityParty: false,
    IsCustomEntity: custom,
    IsIntersect: false,
    OwnershipType: e.attributes.has('_ownerid_value') ? 'UserOwned' : 'OrganizationOwned',
  };
}

/** Several typed-cast responses for one entity may list the same attribute: merge them per LogicalName. */
function mergeCasts(r: Json): Json {
  const list = (
    Array.isArray(r['Attributes']) ? r['Attributes'] : Array.isArray(r['value']) ? r['value'] : undefined
  ) as Json[] | undefined;
  if (list === undefined) return r;
  const byName = new Map<string, Json>();
  for (const a of list) {
    const n = String(a['LogicalName']);
    byName.set(n, { ...byName.get(n), ...a });
  }
  const { value: _v, '@odata.context': _c, ...rest } = r;
  return { ...rest, Attributes: [...byName.values()] };
}

/** Custom tables in logical-name order (their ObjectTypeCodes follow it). */
function customOrderOf(md: OrgSchema): string[] {
  return [...md.entities.values()]
    .filter(isCustom)
    .map((e) => e.logicalName)
    .sort();
}

/** One table's body: identity, standard properties, then the given definition (it wins) or synthesized Attributes. */
export function definitionOf(md: OrgSchema, e: EntityDef, raw: Json | undefined): Json {
  const { Attributes: attrs, ...identity } = synthesizeEntityDefinition(e);
  return {
    ...identity,
    ...standardProperties(e, customOrderOf(md)),
    ...(raw === undefined ? { Attributes: attrs } : mergeCasts(raw)),
  };
}

/** One body per table: identity, standard properties, then whatever the snapshot file says (it wins). */
export function definitionsMap(
  md: OrgSchema,
  given: ReadonlyMap<string, unknown> | Readonly<Record<string, unknown>> | undefined,
): Map<string, Json> {
  const raw = given instanceof Map ? given : new Map(Object.entries((given ?? {}) as Json));
  const out = new Map<string, Json>();
  for (const e of md.entities.values())
    out.set(e.logicalName, definitionOf(md, e, raw.get(e.logicalName) as Json | undefined));
  return out;
}
