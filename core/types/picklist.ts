// The one definition of a picklist: a column whose values are option codes with labels.
import type { DynamicsAttribute } from '../metadata/model.ts';

const PICKLIST_TYPES = new Set(['Picklist', 'State', 'Status', 'MultiSelectPicklist']);

/** By attribute type where EntityDefinitions gave one, else by having options (Booleans have two). */
export const isPicklist = (a: Pick<DynamicsAttribute, 'type' | 'attributeType' | 'options'>): boolean =>
  a.attributeType !== undefined
    ? PICKLIST_TYPES.has(a.attributeType)
    : a.options !== undefined && a.options.length > 0 && a.type !== 'Edm.Boolean';
