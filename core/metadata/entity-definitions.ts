// EntityDefinitions attribute JSON (typed casts such as `Microsoft.Dynamics.CRM.StringAttributeMetadata`) -> lengths, option sets, required levels.
import type { OptionValue } from './model.ts';

export interface AttributeDefinition {
  readonly name: string;
  readonly attributeType?: string;
  readonly maxLength?: number;
  readonly options?: readonly OptionValue[];
  readonly requiredLevel?: string;
}

export interface EntityDefinition {
  readonly logicalName?: string;
  readonly entitySetName?: string;
  readonly changeTracking?: boolean;
  readonly attributes: ReadonlyMap<string, AttributeDefinition>;
}

type Json = Record<string, unknown>;
const obj = (v: unknown): Json | undefined =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Json) : undefined;
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

const label = (v: unknown): string => {
  const l = obj(v);
  const user = str(obj(l?.UserLocalizedLabel)?.Label);
  if (user !== undefined) return user;
  const first = Array.isArray(l?.LocalizedLabels) ? obj(l.LocalizedLabels[0]) : undefined;
  return str(first?.Label) ?? '';
};

const option = (v: unknown): OptionValue[] => {
  const o = obj(v);
  return o && typeof o.Value === 'number' ? [{ value: o.Value, label: label(o.Label) }] : [];
};

// Picklist/State/Status: OptionSet.Options[]; Boolean: OptionSet.FalseOption/TrueOption (accepts Options too).
const options = (attr: Json): OptionValue[] | undefined => {
  const set = obj(attr.OptionSet) ?? obj(attr.GlobalOptionSet);
  if (!set) return undefined;
  if (Array.isArray(set.Options)) return set.Options.flatMap(option);
  if (set.TrueOption !== undefined || set.FalseOption !== undefined)
    return [...option(set.FalseOption), ...option(set.TrueOption)];
  return undefined;
};

// `#Microsoft.Dynamics.CRM.StringAttributeMetadata` -> `String` when AttributeType is absent.
const typeFromOdata = (t: string | undefined): string | undefined => {
  const m = /\.(\w+)AttributeMetadata$/.exec(t ?? '');
  return m?.[1];
};

export const parseAttributeDefinition = (v: unknown): AttributeDefinition | undefined => {
  const a = obj(v);
  const name = str(a?.LogicalName);
  if (!a || !name) return undefined;
  const attributeType = str(a.AttributeType) ?? typeFromOdata(str(a['@odata.type']));
  const requiredLevel = str(obj(a.RequiredLevel)?.Value);
  const opts = options(a);
  return {
    name,
    ...(attributeType ? { attributeType } : {}),
    ...(typeof a.MaxLength === 'number' ? { maxLength: a.MaxLength } : {}),
    ...(opts ? { options: opts } : {}),
    ...(requiredLevel ? { requiredLevel } : {}),
  };
};

/**
 * Accepts the entity body (`EntityDefinitions(LogicalName='x')?$expand=Attributes`, attributes under
 * `Attributes`) or an attribute collection response (`{ value: [...] }`); several casts of the same
 * attribute merge.
 */
export const parseEntityDefinition = (json: unknown): EntityDefinition => {
  const root = obj(json) ?? {};
  const list = Array.isArray(root.Attributes) ? root.Attributes : Array.isArray(root.value) ? root.value : [];
  const attributes = new Map<string, AttributeDefinition>();
  for (const item of list) {
    const def = parseAttributeDefinition(item);
    if (def) attributes.set(def.name, { ...attributes.get(def.name), ...def });
  }
  const logicalName = str(root.LogicalName);
  const entitySetName = str(root.EntitySetName);
  return {
    ...(logicalName ? { logicalName } : {}),
    ...(entitySetName ? { entitySetName } : {}),
    ...(typeof root.ChangeTrackingEnabled === 'boolean'
      ? { changeTracking: root.ChangeTrackingEnabled }
      : {}),
    attributes,
  };
};
