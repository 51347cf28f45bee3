// What the mappings need to exist before a first run: Dynamics tables, columns and alternate keys for the events
// mappings, and the Campaign resources, fields and filters of the entity mappings. Pure: `provision` creates
// from it, `doctor` can check against it.
import type { EventTypeSpec, FieldSpec, Mapping } from '../../core/model/mapping.ts';
import { EVENT_FIELDS, EVENT_TYPES } from '../../core/model/mapping.ts';

export type ColumnKind = 'String' | 'DateTime' | 'Integer' | 'Double' | 'Boolean';

export interface ColumnNeed {
  readonly name: string;
  readonly kind: ColumnKind;
  /** Text columns only. */
  readonly maxLength?: number;
  /** The event id column: every activity has one (RequiredLevel ApplicationRequired). */
  readonly required?: boolean;
  /** Where the need comes from, e.g. `email-events send: from campaignId`. */
  readonly why: string;
}

export interface KeyNeed {
  readonly schemaName: string;
  readonly columns: readonly string[];
}

export interface TableNeed {
  readonly logicalName: string;
  /** Custom tables can be created; system tables (no publisher prefix, e.g. `task`) can only be checked. */
  readonly custom: boolean;
  readonly activity: boolean;
  readonly displayName: string;
  readonly columns: readonly ColumnNeed[];
  readonly keys: readonly KeyNeed[];
}

/** Columns every activity table has (activitypointer): never created. */
export const ACTIVITY_COLUMNS = new Set([
  'activityid',
  'subject',
  'description',
  'scheduledstart',
  'scheduledend',
  'actualstart',
  'actualend',
  'regardingobjectid',
  'ownerid',
  'statecode',
  'statuscode',
  'prioritycode',
  'createdon',
  'modifiedon',
  'activitytypecode',
  'versionnumber',
  'actualdurationminutes',
  'scheduleddurationminutes',
]);

/** Text lengths for event values: URLs are long; ids and labels fit 100 (as in the sandbox tables). */
const EVENT_LENGTHS: Readonly<Record<string, number>> = { mirrorPageUrl: 500, url: 500, bounceReason: 400 };
/** An expression's type is only known to the compiler: its column is text of this length. */
const EXPR_LENGTH = 4000;

export const isCustomName = (logical: string): boolean => /^[a-z][a-z0-9]*_[a-z0-9_]+$/.test(logical);

function columnOf(name: string, spec: FieldSpec, why: string): ColumnNeed {
  if (spec.expr === undefined && spec.from !== undefined && spec.from in EVENT_FIELDS) {
    const t = EVENT_FIELDS[spec.from as keyof typeof EVENT_FIELDS];
    if (t === 'datetime') return { name, kind: 'DateTime', why: `${why}: from ${spec.from}` };
    return {
      name,
      kind: 'String',
      maxLength: EVENT_LENGTHS[spec.from] ?? 100,
      why: `${why}: from ${spec.from}`,
    };
  }
  const v = spec.value;
  if (spec.expr === undefined && typeof v === 'boolean')
    return { name, kind: 'Boolean', why: `${why}: value` };
  if (spec.expr === undefined && typeof v === 'number')
    return { name, kind: Number.isInteger(v) ? 'Integer' : 'Double', why: `${why}: value` };
  return { name, kind: 'String', maxLength: EXPR_LENGTH, why: `${why}: expression` };
}

const words = (logical: string) => logical.replace(/^[a-z0-9]+_/, '').replace(/_/g, ' ');
/** Display names as in the setup guide (Adobe's own activity names, without "Adobe"). */
const TYPE_NAMES: Readonly<Record<string, string>> = {
  send: 'Campaign Email Send',
  open: 'Campaign Email Open',
  click: 'Campaign Email URL Click',
  bounce: 'Campaign Email Bounce',
};

function addTable(
  out: Map<string, { need: TableNeed; columns: Map<string, ColumnNeed>; keys: KeyNeed[] }>,
  logical: string,
  display: string,
) {
  const have = out.get(logical);
  if (have) return have;
  const entry = {
    need: {
      logicalName: logical,
      custom: isCustomName(logical),
      activity: true,
      displayName: display,
      columns: [],
      keys: [],
    },
    columns: new Map<string, ColumnNeed>(),
    keys: [] as KeyNeed[],
  };
  out.set(logical, entry);
  return entry;
}

function addFields(
  columns: Map<string, ColumnNeed>,
  fields: Readonly<Record<string, FieldSpec>>,
  why: string,
) {
  for (const [name, spec] of Object.entries(fields))
    if (!ACTIVITY_COLUMNS.has(name) && !columns.has(name)) columns.set(name, columnOf(name, spec, why));
}

/** The activity tables the events mappings write, in mapping and event-type order. */
export function dynamicsNeeds(mappings: readonly Mapping[]): TableNeed[] {
  const out = new Map<string, { need: TableNeed; columns: Map<string, ColumnNeed>; keys: KeyNeed[] }>();
  for (const m of mappings) {
    if (m.kind !== 'events') continue;
    for (const type of EVENT_TYPES) {
      const t: EventTypeSpec | undefined = m.types[type];
      if (t === undefined || t.enabled === false) continue;
      const why = `${m.name} ${type}`;
      const entry = addTable(out, t.activity, TYPE_NAMES[type] ?? words(t.activity));
      if (!entry.columns.has(t.key))
        entry.columns.set(t.key, {
          name: t.key,
          kind: 'String',
          maxLength: 100,
          required: true,
          why: `${why}: event id (key)`,
        });
      addFields(entry.columns, t.fields, why);
      if (!entry.keys.some((k) => k.columns.join() === t.key))
        entry.keys.push({ schemaName: `${t.key}_key`, columns: [t.key] });
      if (t.followUp)
        addFields(
          addTable(out, t.followUp.activity, `Follow-up ${words(t.followUp.activity)}`).columns,
          t.followUp.fields,
          `${why} follow-up`,
        );
    }
  }
  return [...out.values()].map(({ need, columns, keys }) => ({
    ...need,
    columns: [...columns.values()],
    keys,
  }));
}
