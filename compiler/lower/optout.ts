// ResolvedOptout -> IrOptoutFlow.
import type { IrOptoutFlow } from '../ir/index.ts';
import type { ResolvedOptout } from '../resolve/types.ts';
import { moduleName, origin, siteOrigin } from './common.ts';

export function lowerOptout(m: ResolvedOptout): IrOptoutFlow {
  const tf = m.target;
  return {
    kind: 'optout',
    name: m.name,
    module: moduleName(m.name),
    origin: origin(m.doc, '/name', true),
    sourceFile: m.doc.file,
    direction: m.direction,
    rule: m.rule,
    source: {
      entity: m.source.logicalName,
      entitySet: m.source.entitySetName,
      primaryKey: m.source.primaryKey,
      modifiedField: m.modifiedField.name,
    },
    target: {
      resource: tf.resource.name,
      path: tf.resource.path,
      key: tf.key.name,
      filter: tf.filter,
      filterParam: tf.filterParam,
    },
    pairs: m.pairs.map((p) => ({
      dynamics: p.dynamics.name,
      campaign: p.campaign.name,
      origin: siteOrigin(p.site, false),
    })),
  };
}
