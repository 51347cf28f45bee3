// A checked expression: its AST (plain data), its text for the generated comment, and the position of
// its first character in YAML (TS errors in its generated code are reported there).
import type { Expr } from '../expr/ast.ts';
import type { IrOrigin } from './origin.ts';

export interface IrExprValue {
  readonly kind: 'expr';
  readonly expr: Expr;
  readonly text: string;
  readonly origin: IrOrigin;
}
