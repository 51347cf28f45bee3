// Campaign flavour checks (FERRY150–159): what a Campaign v8 instance migrated from Standard lacks or
// calls differently. Standard leaves every resolved mapping as it is.
import type { LoadedYaml } from '../load/types.ts';
import type { CampaignMetadata } from '../../core/metadata/model.ts';
import type { CampaignConnection } from '../../core/model/tenant.ts';
import type { Mapping } from '../../core/model/mapping.ts';
import { RESOLVE } from './codes.ts';
import { ptr, type Reporter } from './report.ts';
import type { ResolvedMapping, ResolvedTarget, Site } from './types.ts';

/** The tenant's Campaign connection and where it was written (for positions in the tenant file). */
export interface FlavorInput {
  readonly campaign: CampaignConnection;
  readonly doc: LoadedYaml;
}

/** Tenant-file checks that need no mapping: dropped fields must name real resources and fields. */
export function checkFlavorTenant(r: Reporter, input: FlavorInput, campaign: CampaignMetadata): void {
  for (const [resource, fields] of Object.entries(input.campaign.droppedFields ?? {})) {
    const res = campaign.resources.get(resource);
    fields.forEach((f, i) => {
      if (res?.fields.has(f) === true) return;
      r.report(
        RESOLVE.flavorUnknownDroppedResource,
        input.doc,
        res ? ptr('campaign', 'droppedFields', resource, i) : ptr('campaign', 'droppedFields', resource),
        res
          ? `Campaign resource '${resource}' has no field '${f}'`
          : `Unknown Campaign resource '${resource}'`,
        { severity: 'warning' },
      );
    });
  }
}

/** The mapping as this flavour runs it: v8 filter names, dropped fields refused. */
export function applyFlavor(
  r: Reporter,
  doc: LoadedYaml,
  mapping: Mapping,
  resolved: ResolvedMapping,
  input: FlavorInput | undefined,
): ResolvedMapping | null {
  if (input?.campaign.flavor !== 'v8' || resolved.kind === 'events') return resolved;
  const explicit = mapping.kind !== 'events' && mapping.target.filter !== undefined;
  const target = v8Target(r, doc, resolved.target, explicit);
  const dropped = new Set(input.campaign.droppedFields?.[resolved.target.resource.name] ?? []);
  const writes: { field: string; site: Site }[] =
    resolved.kind === 'entity'
      ? resolved.fields.map((f) => ({ field: f.target, site: f.site }))
      : resolved.pairs.map((p) => ({ field: p.campaign.name, site: p.site }));
  let lost = false;
  for (const w of writes.filter((x) => dropped.has(x.field))) {
    lost = true;
    r.report(
      RESOLVE.flavorDroppedField,
      w.site.doc,
      w.site.pointer,
      `'${resolved.target.resource.name}.${w.field}' was dropped by the Campaign v8 migration: the API answers it blank, so this write would be lost`,
    );
  }
  return target === null || lost ? null : { ...resolved, target };
}

// v8 calls a custom filter by its "Filter name in REST API": no `by` prefix is added any more.
function v8Target(
  r: Reporter,
  doc: LoadedYaml,
  target: ResolvedTarget,
  explicit: boolean,
): ResolvedTarget | null {
  const filter = target.resource.filters.get(target.filter);
  const at = ptr('target', explicit ? 'filter' : 'key');
  if (filter?.restName === undefined) {
    r.report(
      RESOLVE.flavorFilterNoRestName,
      doc,
      at,
      `Filter '${target.filter}' on '${target.resource.name}' has no "Filter name in REST API"; Campaign v8 cannot call it`,
    );
    return null;
  }
  if (/^by[A-Z]/.test(filter.restName)) {
    r.report(
      RESOLVE.flavorStandardFilterName,
      doc,
      at,
      `Filter '${target.filter}' is called '${filter.restName}': the metadata may come from Campaign Standard`,
      { severity: 'warning' },
    );
  }
  return { ...target, filter: filter.restName };
}
