// Folds EntityDefinitions extras into the CSDL attributes (lookups match their `_<name>_value` column).
import type { DynamicsAttribute, DynamicsEntity, DynamicsMetadata } from './model.ts';
import type { EntityDefinition } from './entity-definitions.ts';

export const mergeEntityDefinitions = (
  metadata: DynamicsMetadata,
  defs: ReadonlyMap<string, EntityDefinition>,
): { metadata: DynamicsMetadata; warnings: string[] } => {
  const warnings: string[] = [];
  const entities = new Map<string, DynamicsEntity>(metadata.entities);
  for (const [name, def] of defs) {
    const entity = entities.get(name);
    if (!entity) {
      warnings.push(`attribute definitions for ${name}, which is not an entity type in $metadata`);
      continue;
    }
    const attributes = new Map<string, DynamicsAttribute>(entity.attributes);
    for (const d of def.attributes.values()) {
      const column = attributes.has(d.name) ? d.name : `_${d.name}_value`;
      const base = attributes.get(column);
      // Attributes that are not Web API properties (e.g. `yomifullname` on some orgs) carry nothing to merge.
      if (!base) continue;
      const { name: _n, ...extra } = d;
      attributes.set(column, { ...base, ...extra });
    }
    const changeTracking = def.changeTracking ?? entity.changeTracking;
    if (def.changeTracking !== undefined && def.changeTracking !== entity.changeTracking) {
      warnings.push(
        `${name}: ChangeTrackingEnabled in EntityDefinitions (${def.changeTracking}) differs from the $metadata annotation`,
      );
    }
    entities.set(name, { ...entity, attributes, changeTracking, attributeDefinitions: true });
  }
  return { metadata: { entities, boundActions: metadata.boundActions }, warnings };
};
