// Resolves an `optout` mapping: Boolean Dynamics column <-> boolean profile field pairs.
import type { LoadedYaml } from '../load/types.ts';
import type { CampaignField, DynamicsAttribute, TenantMetadata } from '../../core/metadata/model.ts';
import type { OptoutMapping } from '../../core/model/mapping.ts';
import { RESOLVE } from './codes.ts';
import { checkEntitySet } from './entity-set.ts';
import { ptr, type Reporter } from './report.ts';
import { resolveTarget } from './target.ts';
import type { ResolvedOptout, Site } from './types.ts';

const PROFILE = 'profile';
const MODIFIED = 'modifiedon';

export function resolveOptout(
  r: Reporter,
  doc: LoadedYaml,
  m: OptoutMapping,
  metadata: TenantMetadata,
): ResolvedOptout | null {
  const before = r.errorCount;
  const source = metadata.dynamics.entities.get(m.source.entity);
  if (!source) {
    r.report(
      RESOLVE.unknownEntity,
      doc,
      ptr('source', 'entity'),
      `Unknown Dynamics table '${m.source.entity}'`,
      { known: metadata.dynamics.entities.keys(), name: m.source.entity },
    );
  } else if (
    checkEntitySet(r, doc, ptr('source', 'entity'), source) &&
    !source.changeTracking &&
    (m.direction === 'to-campaign' || m.direction === 'both')
  ) {
    r.report(
      RESOLVE.notChangeTracked,
      doc,
      ptr('source', 'entity'),
      `Dynamics table '${source.logicalName}' is not enabled for change tracking`,
    );
  }
  if (m.target.resource !== PROFILE) {
    r.report(
      RESOLVE.mappingNotOptoutProfile,
      doc,
      ptr('target', 'resource'),
      `Opt-out target is '${m.target.resource}'; opt-outs sync to '${PROFILE}' only`,
    );
    return null;
  }
  const target = resolveTarget(r, doc, m.target, metadata.campaign);
  if (!source || !target) return null;
  const modifiedField = source.attributes.get(MODIFIED);
  if (!modifiedField) {
    r.report(
      RESOLVE.unknownSourceField,
      doc,
      ptr('source', 'entity'),
      `Dynamics table '${source.logicalName}' has no '${MODIFIED}' column (the opt-out conflict rule compares its change time with Campaign's)`,
    );
    return null;
  }
  const pairs: { dynamics: DynamicsAttribute; campaign: CampaignField; site: Site }[] = [];
  m.pairs.forEach((p, i) => {
    const dyn = source.attributes.get(p.dynamics);
    const cmp = target.resource.fields.get(p.campaign);
    if (!dyn) {
      r.report(
        RESOLVE.unknownSourceField,
        doc,
        ptr('pairs', i, 'dynamics'),
        `Unknown column '${p.dynamics}' on Dynamics table '${source.logicalName}'`,
        { known: source.attributes.keys(), name: p.dynamics },
      );
    } else if (dyn.type !== 'Edm.Boolean') {
      r.report(
        RESOLVE.optoutNotBoolean,
        doc,
        ptr('pairs', i, 'dynamics'),
        `Column '${source.logicalName}.${p.dynamics}' is ${dyn.type}, not Edm.Boolean`,
      );
    }
    if (!cmp) {
      r.report(
        RESOLVE.optoutNotInProfile,
        doc,
        ptr('pairs', i, 'campaign'),
        `'${p.campaign}' is not a field of the Campaign profile`,
        {
          known: [...target.resource.fields.values()].filter((f) => f.type === 'boolean').map((f) => f.name),
          name: p.campaign,
        },
      );
    } else if (cmp.type !== 'boolean') {
      r.report(
        RESOLVE.optoutNotBoolean,
        doc,
        ptr('pairs', i, 'campaign'),
        `Profile field '${p.campaign}' is ${cmp.type}, not boolean`,
      );
    }
    if (dyn && cmp && dyn.type === 'Edm.Boolean' && cmp.type === 'boolean')
      pairs.push({ dynamics: dyn, campaign: cmp, site: { doc, pointer: ptr('pairs', i) } });
  });
  if (r.errorCount > before) return null;
  return {
    kind: 'optout',
    name: m.name,
    doc,
    direction: m.direction,
    rule: m.rule ?? 'adobe',
    source,
    modifiedField,
    target,
    pairs,
  };
}
