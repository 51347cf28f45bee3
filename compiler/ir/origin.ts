// Where an IR node came from: YAML file and line:col, for generated comments and Origin values.
export interface IrOrigin {
  readonly file: string;
  readonly line: number;
  readonly col: number;
}
