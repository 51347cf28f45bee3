// What Campaign needs for the entity mappings. Campaign has no API to create resources, fields or filters, so
// `ferry provision` prints this as a checklist for the Campaign UI (the setup guide, section 6, step by step).
import type { Mapping } from '../../core/model/mapping.ts';

export interface CampaignResourceNeed {
  /** `profile` (extended) or a custom resource such as `cusVehicle`. */
  readonly resource: string;
  readonly custom: boolean;
  /** Target fields the mappings write, with the Dynamics column each comes from when there is one. */
  readonly fields: readonly { readonly name: string; readonly from?: string }[];
  /** Identification key field holding the Dynamics id (text, 36 or more). */
  readonly keyField: string;
  /** Custom filter as the API exposes it (`byCrmId`) and its parameter (`crmId_parameter`). */
  readonly filter: string;
  readonly filterParam: string;
  /** Resources of other mappings this one links to (e.g. `profile`). */
  readonly links: readonly string[];
  readonly mappings: readonly string[];
}

const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** One entry per Campaign resource the entity and opt-out mappings write, merged across mappings. */
export function campaignNeeds(mappings: readonly Mapping[]): CampaignResourceNeed[] {
  const byName = new Map(mappings.map((m) => [m.name, m]));
  const out = new Map<
    string,
    {
      need: CampaignResourceNeed;
      fields: Map<string, string | undefined>;
      links: Set<string>;
      names: string[];
    }
  >();
  for (const m of mappings) {
    if (m.kind === 'events') continue;
    const r = m.target.resource;
    const entry = out.get(r) ?? {
      need: {
        resource: r,
        custom: r !== 'profile',
        fields: [],
        keyField: m.target.key,
        filter: m.target.filter ?? `by${cap(m.target.key)}`,
        filterParam: `${m.target.key}_parameter`,
        links: [],
        mappings: [],
      },
      fields: new Map<string, string | undefined>(),
      links: new Set<string>(),
      names: [],
    };
    out.set(r, entry);
    entry.names.push(m.name);
    entry.fields.set(m.target.key, undefined);
    if (m.kind === 'entity') {
      for (const [name, spec] of Object.entries(m.fields)) entry.fields.set(name, spec.from);
      for (const link of Object.values(m.links ?? {})) {
        const other = byName.get(link.mapping);
        if (other && other.kind !== 'events') entry.links.add(other.target.resource);
      }
    } else for (const p of m.pairs) entry.fields.set(p.campaign, p.dynamics);
  }
  return [...out.values()].map(({ need, fields, links, names }) => ({
    ...need,
    fields: [...fields].map(([name, from]) => (from === undefined ? { name } : { name, from })),
    links: [...links],
    mappings: names,
  }));
}

/** The checklist text: one block per resource, each line a thing to create or check in the Campaign UI. */
export function campaignChecklist(needs: readonly CampaignResourceNeed[]): string[] {
  const lines: string[] = [];
  for (const n of needs) {
    const where = n.custom ? `custom resource ${n.resource}` : `the ${n.resource} resource (extend it)`;
    lines.push(`Campaign: ${where} (mappings: ${n.mappings.join(', ')})`);
    if (n.custom) lines.push(`  [ ] create the custom resource ${n.resource}`);
    for (const f of n.fields) {
      const what = n.custom ? `field ${f.name}` : `field ${f.name} exists (built-in, or add it)`;
      const key = f.name === n.keyField ? ' (text, 36 or more: holds the Dynamics id)' : '';
      lines.push(`  [ ] ${what}${key}${f.from ? ` <- Dynamics ${f.from}` : ''}`);
    }
    lines.push(`  [ ] identification key on ${n.keyField}`);
    lines.push(
      `  [ ] filter ${n.filter.replace(/^by/, '')}: ${n.keyField} equal to a parameter (API: ${n.filter}, parameter ${n.filterParam})`,
    );
    for (const l of n.links) lines.push(`  [ ] link to ${l}`);
  }
  if (needs.length) lines.push('  [ ] publish, with "Create the Profiles & Services Ext API" ticked');
  return lines;
}
