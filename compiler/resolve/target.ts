// Resolves `target: { resource, key, filter }` (entity and opt-out mappings) against Campaign metadata.
import type { LoadedYaml } from '../load/types.ts';
import type { CampaignMetadata } from '../../core/metadata/model.ts';
import type { TargetSpec } from '../../core/model/mapping.ts';
import { RESOLVE } from './codes.ts';
import { describeCampaign } from './compat.ts';
import { ptr, type Reporter } from './report.ts';
import type { ResolvedTarget } from './types.ts';

const GUID_LENGTH = 36;

export function resolveTarget(
  r: Reporter,
  doc: LoadedYaml,
  spec: TargetSpec,
  campaign: CampaignMetadata,
): ResolvedTarget | null {
  const resource = campaign.resources.get(spec.resource);
  if (!resource) {
    r.report(
      RESOLVE.unknownResource,
      doc,
      ptr('target', 'resource'),
      `Unknown Campaign resource '${spec.resource}'`,
      {
        known: campaign.resources.keys(),
        name: spec.resource,
      },
    );
    return null;
  }
  const key = resource.fields.get(spec.key);
  if (!key) {
    r.report(
      RESOLVE.unknownTargetField,
      doc,
      ptr('target', 'key'),
      `Unknown field '${spec.key}' on Campaign resource '${resource.name}'`,
      {
        known: resource.fields.keys(),
        name: spec.key,
      },
    );
    return null;
  }
  let ok = true;
  if (key.type !== 'string') {
    r.report(
      RESOLVE.keyNotString,
      doc,
      ptr('target', 'key'),
      `Key field '${key.name}' is ${describeCampaign(key)}, not a string`,
    );
    ok = false;
  } else if (key.length !== undefined && key.length < GUID_LENGTH) {
    r.report(
      RESOLVE.keyTooShort,
      doc,
      ptr('target', 'key'),
      `Key field '${key.name}' holds ${key.length} characters; a Dynamics id needs ${GUID_LENGTH}`,
    );
    ok = false;
  }
  const wanted = `${key.name}_parameter`;
  let filterName = spec.filter;
  if (filterName === undefined) {
    // No explicit filter: the identification-key pattern (KEY-5) names its parameter `<key>_parameter`.
    filterName = [...resource.filters.values()].find((f) => f.params.includes(wanted))?.name;
    if (filterName === undefined) {
      r.report(
        RESOLVE.unknownFilter,
        doc,
        ptr('target', 'key'),
        `Campaign resource '${resource.name}' has no filter with parameter '${wanted}'; set target.filter`,
      );
      return null;
    }
  }
  const filter = resource.filters.get(filterName);
  if (!filter) {
    const defined = [...resource.filters.keys()].join(', ') || 'none';
    r.report(
      RESOLVE.unknownFilter,
      doc,
      ptr('target', 'filter'),
      `Filter '${filterName}' is not defined on Campaign resource '${resource.name}' (defined: ${defined})`,
      {
        known: resource.filters.keys(),
        name: filterName,
      },
    );
    return null;
  }
  const filterParam = filter.params.includes(wanted) ? wanted : filter.params[0];
  if (filterParam === undefined) {
    r.report(
      RESOLVE.unknownFilter,
      doc,
      ptr('target', 'filter'),
      `Filter '${filterName}' on '${resource.name}' takes no parameter`,
    );
    return null;
  }
  return ok ? { resource, key, filter: filter.name, filterParam } : null;
}
