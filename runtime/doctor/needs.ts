// What the tenant's mappings need from both services: tables read and written, source tables,
// activity tables with their event-id key, and Campaign resources with their key field and filter.
import type { EntityMapping, Mapping, OptoutMapping } from '../../core/model/mapping.ts';

/** Table privileges a flow uses (Dataverse `prv<Verb><SchemaName>`). */
export type Verb = 'Read' | 'Create' | 'Write' | 'Append' | 'AppendTo';

export interface CampaignNeed {
  readonly resource: string;
  /** Path below the Campaign URL, e.g. `profileAndServicesExt/profile`. */
  readonly path: string;
  readonly key: string;
  /** The filter named in the mapping; undefined means "one with parameter `<key>_parameter`". */
  readonly filter?: string;
  readonly mappings: readonly string[];
}

/** `org`: every record (change tracking, other users' contacts); `own`: records ferry creates (any depth). */
export type Scope = 'org' | 'own';

export interface DoctorNeeds {
  /** Logical name -> verb -> the depth it needs (docs/real-tenant-setup.md §2 lists the same role). */
  readonly privileges: ReadonlyMap<string, ReadonlyMap<Verb, Scope>>;
  /** Tables read incrementally (change tracking). */
  readonly sources: readonly string[];
  /** Activity tables written by events mappings, with the column their alternate key must cover. */
  readonly activities: readonly { readonly table: string; readonly key: string }[];
  readonly campaign: readonly CampaignNeed[];
}

export function doctorNeeds(mappings: readonly Mapping[], pathOf: (resource: string) => string): DoctorNeeds {
  const privileges = new Map<string, Map<Verb, Scope>>();
  const use = (table: string, scope: Scope, ...verbs: Verb[]): void => {
    const map = privileges.get(table) ?? new Map<Verb, Scope>();
    // The wider need wins when two mappings use one table.
    for (const v of verbs) map.set(v, map.get(v) === 'org' ? 'org' : scope);
    privileges.set(table, map);
  };
  const sources = new Set<string>();
  const activities = new Map<string, string>();
  const campaign = new Map<string, { need: Omit<CampaignNeed, 'mappings'>; mappings: string[] }>();
  const target = (m: EntityMapping | OptoutMapping): void => {
    const id = `${m.target.resource}\u0000${m.target.key}\u0000${m.target.filter ?? ''}`;
    const entry = campaign.get(id) ?? {
      need: {
        resource: m.target.resource,
        path: pathOf(m.target.resource),
        key: m.target.key,
        ...(m.target.filter === undefined ? {} : { filter: m.target.filter }),
      },
      mappings: [],
    };
    entry.mappings.push(m.name);
    campaign.set(id, entry);
  };
  for (const m of mappings) {
    if (m.kind === 'events') {
      // Activities are created and updated by event id and bound to the contact (regardingobjectid).
      use(m.contact.entity, 'org', 'Read', 'AppendTo');
      for (const t of Object.values(m.types)) {
        if (t.enabled === false) continue;
        use(t.activity, 'own', 'Create', 'Read', 'Write', 'Append');
        activities.set(t.activity, t.key);
        if (t.followUp) use(t.followUp.activity, 'own', 'Create', 'Read', 'Write', 'Append');
      }
    } else if (m.kind === 'entity') {
      use(m.source.entity, 'org', 'Read');
      sources.add(m.source.entity);
      target(m);
    } else {
      use(m.source.entity, 'org', 'Read');
      if (m.direction !== 'off') sources.add(m.source.entity);
      if (m.direction === 'to-dynamics' || m.direction === 'both') use(m.source.entity, 'org', 'Write');
      target(m);
    }
  }
  return {
    privileges: new Map([...privileges].sort(([a], [b]) => a.localeCompare(b))),
    sources: [...sources].sort(),
    activities: [...activities]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([table, key]) => ({ table, key })),
    campaign: [...campaign.values()].map((e) => ({ ...e.need, mappings: e.mappings })),
  };
}
