// What the load stage hands to later stages: the parsed value plus a way back to YAML positions.
export interface Position {
  readonly line: number;
  readonly col: number;
}

export interface LoadedYaml {
  /** Path as reported in diagnostics. */
  readonly file: string;
  /** Raw text (for source lines and carets in reports). */
  readonly text: string;
  /** Plain JS value of the document (undefined when it could not be parsed at all). */
  readonly value: unknown;
  /**
   * Position of the value at a JSON pointer (RFC 6901). With `key: true`, the position of the
   * key that holds it. Falls back to the nearest existing ancestor, then to 1:1.
   */
  position(pointer: string, opts?: { readonly key?: boolean }): Position;
  /** Position of an offset inside a scalar string at `pointer` (for errors inside expressions). */
  positionInScalar(pointer: string, offset: number): Position;
}
