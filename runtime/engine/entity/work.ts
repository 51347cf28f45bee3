// One unit of entity-flow work: a source row to write, or a source delete (its own file: page and parked both use it).
import type { SourceRow } from '../../contract.ts';

export type Work =
  { readonly kind: 'row'; readonly row: SourceRow } | { readonly kind: 'delete'; readonly sourceId: string };
