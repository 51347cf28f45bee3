// A source column (entity mappings) or event field (events mappings) read as is.
export interface IrSource {
  readonly kind: 'source';
  readonly name: string;
}
