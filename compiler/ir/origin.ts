// Where an IR node came from: YAML file, JSON pointer and line:col (generated comments, Origin values,
// and TS errors in generated code reported back at the YAML position).
export interface IrOrigin {
  readonly file: string;
  readonly pointer: string;
  readonly line: number;
  readonly col: number;
}
