// Resolve stage: binds every name in the mappings to the tenant's metadata snapshot (FERRY100–FERRY199).
import type { Diagnostic } from '../diagnostics/diagnostic.ts';
import type { LoadedYaml } from '../load/types.ts';
import type { TenantMetadata } from '../../core/metadata/model.ts';
import type { EntityMapping, Mapping } from '../../core/model/mapping.ts';
import { RESOLVE } from './codes.ts';
import { DefinitionNeeds } from './completeness.ts';
import { BUNDLE_MODULE_NAMES } from '../../core/model/identifiers.ts';
import { resolveEntity, type LinkPeer } from './entity.ts';
import { resolveEvents } from './events.ts';
import { applyFlavor, checkFlavorTenant, type FlavorInput } from './flavor.ts';
import { orderByLinks } from './links.ts';
import { resolveOptout } from './optout.ts';
import { checkOptoutOwnership } from './ownership.ts';
import { ptr, Reporter } from './report.ts';
import type { ResolvedMapping, ResolvedProject } from './types.ts';

export { RESOLVE, RESOLVE_CODES } from './codes.ts';
export type * from './types.ts';

export interface ResolveInput {
  readonly tenant: string;
  readonly tenantDir: string;
  readonly mappings: readonly { readonly doc: LoadedYaml; readonly value: Mapping }[];
  /** The tenant's Campaign connection (flavour checks); absent: Campaign Standard. */
  readonly flavor?: FlavorInput;
}

export function resolveProject(
  input: ResolveInput,
  metadata: TenantMetadata,
): { project: ResolvedProject | null; diagnostics: Diagnostic[] } {
  const r = new Reporter();
  const seen = new Set<string>();
  const unique: { doc: LoadedYaml; value: Mapping }[] = [];
  for (const m of input.mappings) {
    if (seen.has(m.value.name)) {
      r.report(
        RESOLVE.duplicateMappingName,
        m.doc,
        ptr('name'),
        `Mapping name '${m.value.name}' is used twice`,
      );
      continue;
    }
    seen.add(m.value.name);
    if (BUNDLE_MODULE_NAMES.has(m.value.name)) {
      // The mapping's module would overwrite the bundle's own module of that name.
      r.report(
        RESOLVE.reservedMappingName,
        m.doc,
        ptr('name'),
        `Mapping name '${m.value.name}' is reserved: the compiled bundle has a module of that name`,
      );
      continue;
    }
    unique.push(m);
  }

  const peers = new Map<string, LinkPeer>();
  const tables = new Map<string, string>();
  for (const { doc, value } of unique) {
    if (value.kind !== 'entity') continue;
    peers.set(value.name, { source: value.source.entity, resource: value.target.resource });
    const other = tables.get(value.source.entity);
    if (other !== undefined) {
      r.report(
        RESOLVE.tableMappedTwice,
        doc,
        ptr('source', 'entity'),
        `Dynamics table '${value.source.entity}' is already mapped by '${other}'`,
      );
    } else {
      tables.set(value.source.entity, value.name);
    }
  }

  checkOptoutOwnership(r, unique);

  const needs = new DefinitionNeeds(input.tenant);
  const resolved = new Map<string, ResolvedMapping>();
  for (const { doc, value } of unique) {
    const res =
      value.kind === 'entity'
        ? resolveEntity(r, doc, value, metadata, peers, needs)
        : value.kind === 'events'
          ? resolveEvents(r, doc, value, metadata.dynamics)
          : resolveOptout(r, doc, value, metadata);
    const flavored = res ? applyFlavor(r, doc, value, res, input.flavor) : null;
    if (flavored) resolved.set(value.name, flavored);
  }
  if (input.flavor) checkFlavorTenant(r, input.flavor, metadata.campaign);

  needs.report(r);

  const entities = unique.filter(
    (m): m is { doc: LoadedYaml; value: EntityMapping } => m.value.kind === 'entity',
  );
  const order = orderByLinks(
    r,
    entities.map(({ doc, value }) => ({
      name: value.name,
      doc,
      parents: Object.entries(value.links ?? {})
        .filter(([, l]) => peers.has(l.mapping))
        .map(([link, l]) => ({ link, mapping: l.mapping })),
    })),
  );
  const others = unique.filter((m) => m.value.kind !== 'entity').map((m) => m.value.name);
  const mappings = [...order, ...others].flatMap((n) => resolved.get(n) ?? []);

  const failed = r.errorCount > 0;
  return { project: failed ? null : { tenant: input.tenant, mappings }, diagnostics: r.diagnostics };
}
