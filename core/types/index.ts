// The type rules: one table of types, one table of conversions, one picklist definition.
export * from './table.ts';
export * from './conversions.ts';
export { isPicklist } from './picklist.ts';
