// FetchXML names columns by logical name; the Web API's wire names differ for lookups (`_x_value`).
import { ApiError } from '../api.ts';
import type { Table } from '../store/store.ts';

/** FetchXML names columns by logical name; a lookup `x` is the Web API's `_x_value`. */
export function columnOf(table: Table, name: string | undefined): string {
  const a = table.entity.attributes;
  if (name !== undefined && a.has(name) && !/^_.+_value$/.test(name)) return name;
  if (name !== undefined && a.has(`_${name}_value`)) return `_${name}_value`;
  // QueryBuilderNoAttribute; code from the error catalog, text as live orgs word it (inference).
  throw new ApiError(
    400,
    '0x80041103',
    `'${table.entity.logicalName}' entity doesn't contain attribute with Name = '${name ?? ''}' and NameMapping = 'Logical'.`,
  );
}
