// Type conversion rules between Dynamics columns, event fields and target slots, read from the one
// type table in core/types/ (families, conversions, picklists).
import type { CampaignField, DynamicsAttribute } from '../../core/metadata/model.ts';
import {
  EXPR_FAMILY,
  campaignType,
  conversion,
  edmType,
  implicitly,
  isPicklist,
  type Family,
  type TypeRow,
} from '../../core/types/index.ts';
import type { TargetSlot } from './types.ts';

export type { Family };

export const edmFamily = (type: string): Family => edmType(type).family;
export const campaignFamily = (type: string): Family => campaignType(type).family;

/** The table row of a target slot (Campaign field or Dynamics column). */
export const slotRow = (slot: TargetSlot): TypeRow =>
  slot.side === 'campaign' ? campaignType(slot.field.type) : edmType(slot.attribute.type);

/** Expression-language event field types (`string?` = nullable string). */
export const eventFamily = (type: string): Family => {
  const t = type.replace(/\?$/, '');
  return Object.hasOwn(EXPR_FAMILY, t) ? EXPR_FAMILY[t as keyof typeof EXPR_FAMILY] : 'other';
};

/** Can a value of family `from` be written into family `to` without an explicit conversion? */
export const convertible = implicitly;

/** Report options naming what to write when `from` only converts to `to` through a function. */
export function conversionHint(from: Family, to: Family, name: string): { readonly hint?: string } {
  const c = conversion(from, to);
  return c.verdict === 'explicit' ? { hint: `Convert it explicitly: expr: "${c.fn}(${name})".` } : {};
}

/** Family a source column is sent as: picklists as label (string) or technical value (integer). */
export const sourceFamily = (attr: DynamicsAttribute, picklists: 'label' | 'value'): Family =>
  isPicklist(attr) ? (picklists === 'label' ? 'string' : 'integer') : edmFamily(attr.type);

export { isPicklist };

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
