// EntitySetName comes from a metadata snapshot (a file anyone can edit) and goes into URL paths:
// it must be a plain OData identifier, reported at the mapping key that named the table.
import type { LoadedYaml } from '../load/types.ts';
import type { DynamicsEntity } from '../../core/metadata/model.ts';
import { isEntitySetName } from '../../core/model/identifiers.ts';
import { RESOLVE } from './codes.ts';
import type { Reporter } from './report.ts';

/** False (and reported at `pointer`) when the table's entity set name is not a plain identifier. */
export function checkEntitySet(
  r: Reporter,
  doc: LoadedYaml,
  pointer: string,
  entity: DynamicsEntity,
): boolean {
  if (isEntitySetName(entity.entitySetName)) return true;
  const what =
    entity.entitySetName === ''
      ? 'has no entity set name'
      : `has the entity set name ${JSON.stringify(entity.entitySetName.slice(0, 60))}, which is not an OData identifier,`;
  r.report(
    RESOLVE.badEntitySet,
    doc,
    pointer,
    `Dynamics table '${entity.logicalName}' ${what} in the metadata snapshot`,
  );
  return false;
}
