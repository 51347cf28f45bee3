// Folds `EntityDefinitions` JSON (AttributeMetadata typed casts: lengths, option sets, required levels)
// into the CSDL schema. Accepts the entity body with `Attributes` or a `{ value: [...] }` collection.
import { asObject, asString } from '../../common/json.ts';
import type { AttributeDef, ChoiceOption, EntityDef, OrgSchema } from './model.ts';

type Extras = Pick<AttributeDef, 'attributeType' | 'maxLength' | 'options' | 'requiredLevel'>;

// Label: { UserLocalizedLabel: { Label }, LocalizedLabels: [{ Label, LanguageCode }] }.
const labelText = (v: unknown): string => {
  const l = asObject(v);
  const localized = Array.isArray(l?.['LocalizedLabels']) ? asObject(l['LocalizedLabels'][0]) : undefined;
  return asString(asObject(l?.['UserLocalizedLabel'])?.['Label']) ?? asString(localized?.['Label']) ?? '';
};

const optionOf = (v: unknown): ChoiceOption[] => {
  const o = asObject(v);
  const value = o?.['Value'];
  return typeof value === 'number' ? [{ value, label: labelText(o?.['Label']) }] : [];
};

// OptionSetMetadata has `Options`; BooleanOptionSetMetadata has `FalseOption`/`TrueOption`.
function optionsOf(a: Record<string, unknown>): ChoiceOption[] | undefined {
  const set = asObject(a['OptionSet']) ?? asObject(a['GlobalOptionSet']);
  if (!set) return undefined;
  if (Array.isArray(set['Options'])) return set['Options'].flatMap(optionOf);
  if ('FalseOption' in set || 'TrueOption' in set)
    return [...optionOf(set['FalseOption']), ...optionOf(set['TrueOption'])];
  return undefined;
}

function extrasOf(a: Record<string, unknown>): Extras {
  // `AttributeType` may be left out of a $select; `@odata.type` (`#….StringAttributeMetadata`) still names it.
  const attributeType =
    asString(a['AttributeType']) ?? /\.(\w+)AttributeMetadata$/.exec(asString(a['@odata.type']) ?? '')?.[1];
  const requiredLevel = asString(asObject(a['RequiredLevel'])?.['Value']);
  const options = optionsOf(a);
  const maxLength = a['MaxLength'];
  return {
    ...(attributeType ? { attributeType } : {}),
    ...(typeof maxLength === 'number' ? { maxLength } : {}),
    ...(options ? { options } : {}),
    ...(requiredLevel ? { requiredLevel } : {}),
  };
}

/** The logical name a definition file describes (`LogicalName`, else the file's stem). */
export const definitionName = (json: unknown, fallback: string): string =>
  asString(asObject(json)?.['LogicalName']) || fallback;

function enrich(entity: EntityDef, json: unknown): EntityDef {
  const root = asObject(json) ?? {};
  const list = Array.isArray(root['Attributes']) ? root['Attributes'] : root['value'];
  const attributes = new Map(entity.attributes);
  for (const item of Array.isArray(list) ? list : []) {
    const a = asObject(item);
    const name = asString(a?.['LogicalName']);
    if (!a || !name) continue;
    // A lookup attribute `x` is the `_x_value` property; attributes with no Web API property add nothing.
    const column = attributes.has(name) ? name : `_${name}_value`;
    const current = attributes.get(column);
    if (current) attributes.set(column, { ...current, ...extrasOf(a) });
  }
  const tracking = root['ChangeTrackingEnabled'];
  return {
    ...entity,
    attributes,
    changeTracking: typeof tracking === 'boolean' ? tracking : entity.changeTracking,
  };
}

/** The schema with each table's definition (by logical name) applied; tables without one stay as they are. */
export function applyEntityDefinitions(
  schema: OrgSchema,
  definitions: ReadonlyMap<string, unknown>,
): OrgSchema {
  const entities = new Map(schema.entities);
  for (const [name, json] of definitions) {
    const entity = entities.get(name);
    if (entity) entities.set(name, enrich(entity, json));
  }
  return { ...schema, entities };
}
