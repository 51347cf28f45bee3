// Resolves an `events` mapping: per event type, the activity table, its alternate key, regarding and fields.
import type { LoadedYaml } from '../load/types.ts';
import type { DynamicsEntity, DynamicsMetadata } from '../../core/metadata/model.ts';
import {
  EVENT_FIELDS,
  EVENT_TYPES,
  type EventType,
  type EventsMapping,
  type FieldSpec,
} from '../../core/model/mapping.ts';
import { RESOLVE } from './codes.ts';
import { checkEntitySet } from './entity-set.ts';
import { conversionHint, convertible, edmFamily, eventFamily, valueMapFamily } from './compat.ts';
import { ptr, type Reporter } from './report.ts';
import type { ResolvedEvents, ResolvedEventType, ResolvedField } from './types.ts';

const REGARDING = '_regardingobjectid_value';

/** The single-valued navigation binding an activity's regarding to the contact table. */
export function regardingNav(activity: DynamicsEntity, contact: string): string | undefined {
  // Older orgs (2016 CSDL) declare some regarding navigations without referential constraints.
  const navs = [...activity.navigations.values()].filter(
    (n) =>
      !n.collection &&
      n.target === contact &&
      (n.constraint ? n.constraint.property === REGARDING : n.name.startsWith('regardingobjectid_')),
  );
  // The table's own navigation (`regardingobjectid_contact_<table>`) over one inherited from activitypointer.
  return (
    navs.find((n) => n.name.endsWith(`_${activity.logicalName}`)) ??
    navs.find((n) => n.constraint) ??
    navs[0]
  )?.name;
}

function lookupActivity(
  r: Reporter,
  doc: LoadedYaml,
  d: DynamicsMetadata,
  name: string,
  pointer: string,
  contact: string,
): { entity: DynamicsEntity; nav: string } | null {
  const entity = d.entities.get(name);
  if (!entity) {
    r.report(RESOLVE.unknownEntity, doc, pointer, `Unknown Dynamics table '${name}'`, {
      known: [...d.entities.values()].filter((e) => e.entitySetName).map((e) => e.logicalName),
      name,
    });
    return null;
  }
  if (!checkEntitySet(r, doc, pointer, entity)) return null;
  const nav = regardingNav(entity, contact);
  if (!nav) {
    r.report(
      RESOLVE.noRegarding,
      doc,
      pointer,
      `Dynamics table '${name}' has no regarding navigation property to '${contact}'`,
    );
    return null;
  }
  return { entity, nav };
}

function resolveEventFields(
  r: Reporter,
  doc: LoadedYaml,
  activity: DynamicsEntity,
  base: string[],
  specs: Readonly<Record<string, FieldSpec>>,
  type: EventType,
): ResolvedField[] {
  const out: ResolvedField[] = [];
  for (const [name, spec] of Object.entries(specs)) {
    const at = (...rest: string[]): string => ptr(...base, 'fields', name, ...rest);
    const attribute = activity.attributes.get(name);
    if (!attribute) {
      r.report(
        RESOLVE.unknownTargetField,
        doc,
        at(),
        `Unknown column '${name}' on Dynamics table '${activity.logicalName}'`,
        { key: true, known: activity.attributes.keys(), name },
      );
      continue;
    }
    if (attribute.computed) {
      r.report(RESOLVE.notWritable, doc, at(), `Column '${activity.logicalName}.${name}' is read-only`, {
        key: true,
      });
      continue;
    }
    if (spec.from !== undefined) {
      const fieldType = (EVENT_FIELDS as Readonly<Record<string, string>>)[spec.from];
      if (fieldType === undefined) {
        r.report(RESOLVE.unknownEventField, doc, at('from'), `Unknown event field '${spec.from}'`, {
          known: Object.keys(EVENT_FIELDS),
          name: spec.from,
        });
        continue;
      }
      const from = spec.values
        ? valueMapFamily([
            ...Object.values(spec.values),
            ...(spec.default !== undefined ? [spec.default] : []),
          ])
        : eventFamily(fieldType);
      if (spec.expr === undefined && !convertible(from, edmFamily(attribute.type))) {
        r.report(
          RESOLVE.incompatibleTypes,
          doc,
          at('from'),
          `Cannot write event field '${spec.from}' (${fieldType}) into ${activity.logicalName}.${name} (${attribute.type})`,
          spec.values ? {} : conversionHint(from, edmFamily(attribute.type), spec.from),
        );
        continue;
      }
    }
    out.push({
      target: name,
      slot: { side: 'dynamics', attribute },
      site: { doc, pointer: at() },
      ...(spec.from !== undefined ? { from: { name: spec.from, eventType: type } } : {}),
      ...(spec.expr !== undefined ? { expr: { text: spec.expr, site: { doc, pointer: at('expr') } } } : {}),
      ...(spec.value !== undefined ? { value: spec.value } : {}),
      ...(spec.values !== undefined ? { values: spec.values } : {}),
      ...(spec.default !== undefined ? { default: spec.default } : {}),
      updates: spec.updates ?? true,
    });
  }
  return out;
}

export function resolveEvents(
  r: Reporter,
  doc: LoadedYaml,
  m: EventsMapping,
  d: DynamicsMetadata,
): ResolvedEvents | null {
  const before = r.errorCount;
  const contact = d.entities.get(m.contact.entity);
  if (!contact) {
    r.report(
      RESOLVE.unknownEntity,
      doc,
      ptr('contact', 'entity'),
      `Unknown Dynamics table '${m.contact.entity}'`,
      { known: d.entities.keys(), name: m.contact.entity },
    );
    return null;
  }
  if (!checkEntitySet(r, doc, ptr('contact', 'entity'), contact)) return null;
  const types: ResolvedEventType[] = [];
  for (const type of EVENT_TYPES) {
    const spec = m.types[type];
    if (!spec || spec.enabled === false) continue;
    const act = lookupActivity(r, doc, d, spec.activity, ptr('types', type, 'activity'), contact.logicalName);
    if (!act) continue;
    const key = act.entity.attributes.get(spec.key);
    if (!key) {
      r.report(
        RESOLVE.unknownSourceField,
        doc,
        ptr('types', type, 'key'),
        `Unknown column '${spec.key}' on Dynamics table '${spec.activity}'`,
        { known: act.entity.attributes.keys(), name: spec.key },
      );
      continue;
    }
    if (!act.entity.alternateKeys.some((k) => k.length === 1 && k[0] === spec.key)) {
      const existing = act.entity.alternateKeys.map((k) => `(${k.join(', ')})`).join(', ') || 'none';
      r.report(
        RESOLVE.noAlternateKey,
        doc,
        ptr('types', type, 'key'),
        `'${spec.key}' is not an alternate key of '${spec.activity}' (alternate keys: ${existing})`,
      );
    }
    const fields = resolveEventFields(r, doc, act.entity, ['types', type], spec.fields, type);
    let followUp: ResolvedEventType['followUp'] = null;
    if (spec.followUp) {
      const fu = lookupActivity(
        r,
        doc,
        d,
        spec.followUp.activity,
        ptr('types', type, 'followUp', 'activity'),
        contact.logicalName,
      );
      if (fu) {
        if (spec.followUp.dueInDays !== undefined && !fu.entity.attributes.has('scheduledend')) {
          r.report(
            RESOLVE.unknownTargetField,
            doc,
            ptr('types', type, 'followUp', 'dueInDays'),
            `'${fu.entity.logicalName}' has no 'scheduledend' column for the due date`,
            { key: true },
          );
        }
        const fuFields = resolveEventFields(
          r,
          doc,
          fu.entity,
          ['types', type, 'followUp'],
          spec.followUp.fields,
          type,
        );
        followUp = {
          activity: fu.entity,
          regardingNav: fu.nav,
          fields: fuFields,
          dueInDays: spec.followUp.dueInDays ?? null,
        };
      }
    }
    types.push({
      type,
      site: { doc, pointer: ptr('types', type) },
      activity: act.entity,
      key,
      regardingNav: act.nav,
      fields,
      hardOnly: spec.hardOnly ?? true,
      followUp,
    });
  }
  if (r.errorCount > before) return null;
  return { kind: 'events', name: m.name, doc, contact, types };
}
