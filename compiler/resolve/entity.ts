// Resolves an `entity` mapping (Dynamics table -> Campaign profile or custom resource).
import type { LoadedYaml } from '../load/types.ts';
import type { DynamicsEntity, TenantMetadata } from '../../core/metadata/model.ts';
import type { EntityMapping } from '../../core/model/mapping.ts';
import { checkEntitySet } from './entity-set.ts';
import { RESOLVE } from './codes.ts';
import type { DefinitionNeeds } from './completeness.ts';
import { resolveField } from './fields.ts';
import { ptr, type Reporter } from './report.ts';
import { resolveTarget } from './target.ts';
import type { ExprSource, ResolvedEntity, ResolvedField, ResolvedLink } from './types.ts';

export const MAX_LINKS = 5;

/** What other mappings expose to links: their source table and Campaign resource. */
export interface LinkPeer {
  readonly source: string;
  readonly resource: string;
}

export function resolveEntity(
  r: Reporter,
  doc: LoadedYaml,
  m: EntityMapping,
  metadata: TenantMetadata,
  peers: ReadonlyMap<string, LinkPeer>,
  needs: DefinitionNeeds,
): ResolvedEntity | null {
  const before = r.errorCount;
  const source = metadata.dynamics.entities.get(m.source.entity);
  if (!source) {
    r.report(
      RESOLVE.unknownEntity,
      doc,
      ptr('source', 'entity'),
      `Unknown Dynamics table '${m.source.entity}'`,
      {
        known: [...metadata.dynamics.entities.values()]
          .filter((e) => e.entitySetName)
          .map((e) => e.logicalName),
        name: m.source.entity,
      },
    );
  } else if (checkEntitySet(r, doc, ptr('source', 'entity'), source) && !source.changeTracking) {
    r.report(
      RESOLVE.notChangeTracked,
      doc,
      ptr('source', 'entity'),
      `Dynamics table '${source.logicalName}' is not enabled for change tracking`,
    );
  }
  const target = resolveTarget(r, doc, m.target, metadata.campaign);
  if (!source || !target) return null;

  const picklists = m.picklists ?? 'label';
  const ctx = { r, doc, source, resource: target.resource, picklists, mapping: m.name, needs };
  const fields: ResolvedField[] = [];
  for (const [name, spec] of Object.entries(m.fields)) {
    if (name === target.key.name) {
      r.report(
        RESOLVE.notWritable,
        doc,
        ptr('fields', name),
        `'${name}' is the key: it always holds ${source.logicalName}.${source.primaryKey}`,
        { key: true, hint: 'Remove the field; the key is written by ferry.' },
      );
      continue;
    }
    const f = resolveField(ctx, name, spec);
    if (f) fields.push(f);
  }
  for (const f of target.resource.fields.values()) {
    if (!f.mandatory || f.readOnly || f.type === 'link' || f.name === target.key.name || f.name in m.fields)
      continue;
    r.report(
      RESOLVE.mandatoryUnmapped,
      doc,
      ptr('fields'),
      `Mandatory field '${f.name}' of Campaign resource '${target.resource.name}' is not mapped`,
      { severity: 'warning', key: true },
    );
  }
  const links = resolveLinks(r, doc, m, source, target.resource.name, metadata, peers);
  const exprs = (list: readonly string[] | undefined, key: 'all' | 'any'): ExprSource[] =>
    (list ?? []).map((text, i) => ({ text, site: { doc, pointer: ptr('filter', key, i) } }));
  if (r.errorCount > before) return null;
  return {
    kind: 'entity',
    name: m.name,
    doc,
    mapping: m,
    source,
    target,
    fields,
    links,
    filter: {
      all: exprs(m.filter?.all, 'all'),
      any: exprs(m.filter?.any, 'any'),
      deleteFilteredOut: m.filter?.deleteFilteredOut ?? false,
    },
    deletes: m.deletes ?? 'ignore',
    picklists,
    onlyOwnRecords: m.onlyOwnRecords ?? true,
  };
}

function resolveLinks(
  r: Reporter,
  doc: LoadedYaml,
  m: EntityMapping,
  source: DynamicsEntity,
  resourceName: string,
  metadata: TenantMetadata,
  peers: ReadonlyMap<string, LinkPeer>,
): ResolvedLink[] {
  const specs = Object.entries(m.links ?? {});
  if (specs.length > MAX_LINKS) {
    r.report(
      RESOLVE.tooManyLinks,
      doc,
      ptr('links'),
      `${specs.length} links on '${resourceName}'; Campaign allows at most ${MAX_LINKS} link columns per resource`,
      { key: true },
    );
  }
  const resource = metadata.campaign.resources.get(resourceName);
  const out: ResolvedLink[] = [];
  for (const [name, spec] of specs) {
    const at = (...rest: string[]): string => ptr('links', name, ...rest);
    const field = resource?.fields.get(name);
    if (!field || field.type !== 'link') {
      r.report(
        RESOLVE.unknownLinkField,
        doc,
        at(),
        `'${name}' is not a link of Campaign resource '${resourceName}'`,
        {
          key: true,
          known: [...(resource?.fields.values() ?? [])].filter((f) => f.type === 'link').map((f) => f.name),
          name,
        },
      );
      continue;
    }
    const from = source.attributes.get(spec.from);
    if (!from) {
      r.report(
        RESOLVE.unknownSourceField,
        doc,
        at('from'),
        `Unknown column '${spec.from}' on Dynamics table '${source.logicalName}'`,
        { known: source.attributes.keys(), name: spec.from },
      );
      continue;
    }
    const navs = [...source.navigations.values()].filter(
      (n) => !n.collection && n.constraint?.property === spec.from,
    );
    if (navs.length === 0) {
      r.report(
        RESOLVE.lookupNotNavigable,
        doc,
        at('from'),
        `Column '${source.logicalName}.${spec.from}' is not a lookup (no navigation property uses it)`,
      );
      continue;
    }
    const peer = peers.get(spec.mapping);
    if (!peer) {
      r.report(
        RESOLVE.unknownLinkMapping,
        doc,
        at('mapping'),
        `Link '${name}' refers to mapping '${spec.mapping}', which is not an entity mapping of this project`,
        { known: peers.keys(), name: spec.mapping },
      );
      continue;
    }
    const targets = navs.map((n) => n.target);
    if (!targets.includes(peer.source)) {
      r.report(
        RESOLVE.linkTargetMismatch,
        doc,
        at('mapping'),
        `Lookup '${spec.from}' points at ${targets.join(' or ')}, but mapping '${spec.mapping}' syncs '${peer.source}'`,
      );
      continue;
    }
    if (field.target !== undefined && field.target !== peer.resource) {
      r.report(
        RESOLVE.linkTargetMismatch,
        doc,
        at('mapping'),
        `Campaign link '${name}' points at resource '${field.target}', but mapping '${spec.mapping}' writes '${peer.resource}'`,
      );
      continue;
    }
    out.push({
      name,
      from,
      mapping: spec.mapping,
      required: spec.required ?? false,
      site: { doc, pointer: at() },
    });
  }
  return out;
}
