// MAP-8 type conversion rules between Dynamics Edm types and Campaign field types.
import type { CampaignField, DynamicsAttribute } from '../../core/metadata/model.ts';

/** The primitive families MAP-8 converts between; `other` is "synced as string". */
export type Family = 'boolean' | 'integer' | 'number' | 'string' | 'date' | 'datetime' | 'other';

export const edmFamily = (type: string): Family => {
  switch (type) {
    case 'Edm.Boolean':
      return 'boolean';
    case 'Edm.Int16':
    case 'Edm.Int32':
    case 'Edm.Int64':
      return 'integer';
    case 'Edm.Decimal':
    case 'Edm.Double':
      return 'number';
    case 'Edm.String':
      return 'string';
    case 'Edm.Date':
      return 'date';
    case 'Edm.DateTimeOffset':
      return 'datetime';
    default:
      return 'other';
  }
};

export const campaignFamily = (type: string): Family => {
  switch (type) {
    case 'boolean':
      return 'boolean';
    case 'byte':
    case 'short':
    case 'long':
    case 'int64':
      return 'integer';
    case 'float':
    case 'double':
      return 'number';
    case 'string':
    case 'memo':
    case 'uuid':
      return 'string';
    case 'date':
      return 'date';
    case 'datetime':
      return 'datetime';
    default:
      return 'other';
  }
};

/** Expression-language event field types (`string?` = nullable string). */
export const eventFamily = (type: string): Family => {
  const t = type.replace(/\?$/, '');
  return t === 'string' || t === 'datetime' || t === 'boolean' || t === 'date'
    ? t
    : t === 'number'
      ? 'number'
      : 'other';
};

/** Can a value of family `from` be written into family `to`? */
export const convertible = (from: Family, to: Family): boolean => {
  if (to === 'other') return false;
  if (to === 'string') return true;
  if (from === to) return true;
  if ((from === 'integer' || from === 'number') && (to === 'integer' || to === 'number')) return true;
  return (from === 'date' || from === 'datetime') && (to === 'date' || to === 'datetime');
};

const PICKLIST_TYPES = new Set(['Picklist', 'State', 'Status', 'MultiSelectPicklist']);

/** Family a source column is sent as: picklists as label (string) or technical value (integer). */
export const sourceFamily = (attr: DynamicsAttribute, picklists: 'label' | 'value'): Family =>
  attr.attributeType !== undefined && PICKLIST_TYPES.has(attr.attributeType)
    ? picklists === 'label'
      ? 'string'
      : 'integer'
    : edmFamily(attr.type);

export const isPicklist = (attr: DynamicsAttribute): boolean =>
  attr.attributeType !== undefined && PICKLIST_TYPES.has(attr.attributeType);

/** Family of the values of a value map (plus default); mixed maps are strings. */
export const valueMapFamily = (values: readonly unknown[]): Family => {
  const kinds = new Set(values.filter((v) => v !== null).map((v) => typeof v));
  if (kinds.size !== 1) return 'string';
  const [k] = [...kinds];
  if (k === 'boolean') return 'boolean';
  if (k === 'number') return values.every((v) => v === null || Number.isInteger(v)) ? 'integer' : 'number';
  return 'string';
};

export const describeCampaign = (f: CampaignField): string =>
  f.length !== undefined ? `${f.type}(${f.length})` : f.type;
