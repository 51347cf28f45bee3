// Entity-mapping fields: target field, source column, MAP-8 types, lengths and value maps.
import type { LoadedYaml } from '../load/types.ts';
import type {
  CampaignField,
  CampaignResource,
  DynamicsAttribute,
  DynamicsEntity,
} from '../../core/metadata/model.ts';
import type { FieldSpec } from '../../core/model/mapping.ts';
import { isDateText, isTimestampText } from '../../core/time.ts';
import { RESOLVE } from './codes.ts';
import {
  campaignFamily,
  conversionHint,
  convertible,
  describeCampaign,
  isPicklist,
  sourceFamily,
  valueMapFamily,
  type Family,
} from './compat.ts';
import { mayBeOptionSet, type DefinitionNeeds, type Need } from './completeness.ts';
import { ptr, type Reporter } from './report.ts';
import type { ResolvedField } from './types.ts';

export interface FieldContext {
  readonly r: Reporter;
  readonly doc: LoadedYaml;
  readonly source: DynamicsEntity;
  readonly resource: CampaignResource;
  readonly picklists: 'label' | 'value';
  /** The mapping's name, for messages that list fields of several mappings. */
  readonly mapping: string;
  readonly needs: DefinitionNeeds;
}

/** Valid value-map keys of a column: option values (and labels); true/false for Booleans. */
const optionKeys = (attr: DynamicsAttribute): string[] | undefined => {
  if (attr.type === 'Edm.Boolean')
    return ['true', 'false', ...(attr.options ?? []).flatMap((o) => [String(o.value), o.label])];
  if (!attr.options) return undefined;
  return attr.options.flatMap((o) => [String(o.value), o.label]);
};

const describeOptions = (attr: DynamicsAttribute): string =>
  attr.type === 'Edm.Boolean'
    ? 'true, false'
    : (attr.options ?? []).map((o) => `${o.value} (${o.label})`).join(', ');

function checkValueMap(
  c: FieldContext,
  name: string,
  attr: DynamicsAttribute,
  values: Readonly<Record<string, unknown>>,
): void {
  const keys = optionKeys(attr);
  if (!keys) return;
  for (const k of Object.keys(values)) {
    if (keys.includes(k)) continue;
    c.r.report(
      RESOLVE.unknownOptionValue,
      c.doc,
      ptr('fields', name, 'values', k),
      `'${k}' is not a value of ${c.source.logicalName}.${attr.name} (valid: ${describeOptions(attr)})`,
      { key: true },
    );
  }
}

/** Constants written into an enumeration field must be one of its values. */
function checkEnumValues(c: FieldContext, name: string, spec: FieldSpec, allowed: readonly string[]): void {
  const check = (v: unknown, pointer: string): void => {
    if (v === null || v === undefined || allowed.includes(String(v))) return;
    c.r.report(
      RESOLVE.notInEnumeration,
      c.doc,
      pointer,
      `'${String(v)}' is not a value of Campaign field '${name}' (valid: ${allowed.join(', ')})`,
    );
  };
  for (const [k, v] of Object.entries(spec.values ?? {})) check(v, ptr('fields', name, 'values', k));
  check(spec.default, ptr('fields', name, 'default'));
  check(spec.value, ptr('fields', name, 'value'));
}

/** Family of a YAML constant; ISO date and date-time strings count as dates. */
const constantFamily = (v: string | number | boolean): Family => {
  if (typeof v !== 'string') return valueMapFamily([v]);
  if (isDateText(v)) return 'date';
  return isTimestampText(v) ? 'datetime' : 'string';
};

/** A picklist written as is into an enumeration: every label (or value) must be an enumeration value. */
function checkPicklistIntoEnum(
  c: FieldContext,
  name: string,
  attr: DynamicsAttribute,
  allowed: readonly string[],
): void {
  const sent = (attr.options ?? []).map((o) => (c.picklists === 'label' ? o.label : String(o.value)));
  const missing = sent.filter((v) => !allowed.includes(v));
  if (missing.length === 0) return;
  c.r.report(
    RESOLVE.notInEnumeration,
    c.doc,
    ptr('fields', name, 'from'),
    `${c.source.logicalName}.${attr.name} sends ${c.picklists === 'label' ? 'labels' : 'values'} ${missing.join(', ')}, which are not values of Campaign field '${name}' (valid: ${allowed.join(', ')})`,
    {
      hint: `Add a value map from the options (${(attr.options ?? []).map((o) => o.value).join(', ')}) to ${allowed.join(', ')}, with a default.`,
    },
  );
}

export function resolveField(c: FieldContext, name: string, spec: FieldSpec): ResolvedField | null {
  const { r, doc, source, resource } = c;
  const site = { doc, pointer: ptr('fields', name) };
  const target = resource.fields.get(name);
  if (!target) {
    r.report(
      RESOLVE.unknownTargetField,
      doc,
      site.pointer,
      `Unknown field '${name}' on Campaign resource '${resource.name}'`,
      {
        key: true,
        known: [...resource.fields.values()].filter((f) => f.type !== 'link').map((f) => f.name),
        name,
      },
    );
    return null;
  }
  if (target.readOnly || target.type === 'link' || target.type === 'item') {
    const why = target.readOnly ? 'is read-only' : `is a ${target.type} (use links: for links)`;
    r.report(RESOLVE.notWritable, doc, site.pointer, `Campaign field '${resource.name}.${name}' ${why}`, {
      key: true,
    });
    return null;
  }
  if (target.values) checkEnumValues(c, name, spec, target.values);
  let attribute: DynamicsAttribute | undefined;
  if (spec.from !== undefined) {
    attribute = source.attributes.get(spec.from);
    if (!attribute) {
      r.report(
        RESOLVE.unknownSourceField,
        doc,
        ptr('fields', name, 'from'),
        `Unknown column '${spec.from}' on Dynamics table '${source.logicalName}'`,
        {
          known: source.attributes.keys(),
          name: spec.from,
        },
      );
      return null;
    }
    noteNeeds(c, name, spec, attribute, target);
    if (spec.values) checkValueMap(c, name, attribute, spec.values);
    else if (target.values && spec.expr === undefined && attribute.options && isPicklist(attribute))
      checkPicklistIntoEnum(c, name, attribute, target.values);
    // Fields with an expression are type-checked by the expression stage.
    if (spec.expr === undefined) checkTypes(c, name, spec, attribute);
  }
  if (spec.from === undefined && spec.expr === undefined && spec.value !== undefined && spec.value !== null) {
    const from = constantFamily(spec.value);
    if (!convertible(from, campaignFamily(target.type))) {
      r.report(
        RESOLVE.incompatibleTypes,
        doc,
        ptr('fields', name, 'value'),
        `Cannot write constant ${JSON.stringify(spec.value)} (${from}) into Campaign field '${name}' (${describeCampaign(target)})`,
      );
      return null;
    }
  }
  return {
    target: name,
    slot: { side: 'campaign', field: target },
    site,
    ...(spec.from !== undefined ? { from: { name: spec.from, ...(attribute ? { attribute } : {}) } } : {}),
    ...(spec.expr !== undefined
      ? { expr: { text: spec.expr, site: { doc, pointer: ptr('fields', name, 'expr') } } }
      : {}),
    ...(spec.value !== undefined ? { value: spec.value } : {}),
    ...(spec.values !== undefined ? { values: spec.values } : {}),
    ...(spec.default !== undefined ? { default: spec.default } : {}),
    updates: spec.updates ?? true,
  };
}

function checkTypes(c: FieldContext, name: string, spec: FieldSpec, attr: DynamicsAttribute): void {
  const target = c.resource.fields.get(name);
  if (!target) return;
  const mapped = spec.values !== undefined;
  const from = mapped
    ? valueMapFamily([
        ...Object.values(spec.values ?? {}),
        ...(spec.default !== undefined ? [spec.default] : []),
      ])
    : sourceFamily(attr, c.picklists);
  const to = campaignFamily(target.type);
  if (!convertible(from, to)) {
    const what = mapped
      ? `value map of ${attr.name} (${from})`
      : `${c.source.logicalName}.${attr.name} (${attr.type}${isPicklist(attr) ? `, picklist as ${c.picklists}` : ''})`;
    c.r.report(
      RESOLVE.incompatibleTypes,
      c.doc,
      ptr('fields', name, 'from'),
      `Cannot write ${what} into Campaign field '${name}' (${describeCampaign(target)})`,
      from === 'other'
        ? {
            hint: `${attr.type} is synced as a string: map it into a string field or use toString(${attr.name}).`,
          }
        : mapped
          ? {}
          : conversionHint(from, to, attr.name),
    );
    return;
  }
  if (
    !mapped &&
    to === 'string' &&
    attr.maxLength !== undefined &&
    target.length !== undefined &&
    attr.maxLength > target.length
  ) {
    c.r.report(
      RESOLVE.targetShorter,
      c.doc,
      ptr('fields', name),
      `Campaign field '${name}' holds ${target.length} characters but ${c.source.logicalName}.${attr.name} allows ${attr.maxLength}`,
      {
        severity: 'warning',
        key: true,
        hint: `Longer values are rejected by Campaign; use expr: "left(${attr.name}, ${target.length})" or widen the field.`,
      },
    );
  }
}

/** Label mode sends option labels: a picklist sent as is (or passed through a map without default) needs them. */
const sendsLabel = (c: FieldContext, spec: FieldSpec): boolean =>
  c.picklists === 'label' &&
  spec.expr === undefined &&
  (spec.values === undefined || spec.default === undefined);

/**
 * Notes the checks that need the table's attribute definitions when the snapshot has none; with
 * definitions, a picklist without options cannot be sent as labels.
 */
function noteNeeds(
  c: FieldContext,
  name: string,
  spec: FieldSpec,
  attr: DynamicsAttribute,
  target: CampaignField,
): void {
  if (c.source.attributeDefinitions === true) {
    if (sendsLabel(c, spec) && isPicklist(attr) && (attr.options ?? []).length === 0)
      c.r.report(
        RESOLVE.picklistWithoutLabels,
        c.doc,
        ptr('fields', name, 'from'),
        `${c.source.logicalName}.${attr.name} is a picklist but its attribute definition lists no options, so no label can be sent`,
      );
    return;
  }
  const note = (need: Need, pointer: string, key = false): void =>
    c.needs.note(c.source, {
      need,
      doc: c.doc,
      pointer,
      key,
      where: `${c.mapping}.${name} from ${attr.name}`,
    });
  const direct = spec.expr === undefined && spec.values === undefined;
  if (mayBeOptionSet(attr)) {
    if (spec.values !== undefined) note('keys', ptr('fields', name, 'values'), true);
    // In label mode a picklist could not go into a number field, so there the column is taken as a number.
    const numeric = ['integer', 'number'].includes(campaignFamily(target.type));
    if (sendsLabel(c, spec)) note(numeric ? 'number' : 'labels', ptr('fields', name, 'from'));
    else if (direct && target.values !== undefined) note('enum', ptr('fields', name, 'from'));
  }
  if (
    direct &&
    attr.type === 'Edm.String' &&
    target.length !== undefined &&
    campaignFamily(target.type) === 'string'
  )
    note('length', ptr('fields', name), true);
}
