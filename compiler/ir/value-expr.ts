// A checked expression; `text` is kept for the generated comment, `site` maps TS errors back to YAML.
import type { Expr } from '../expr/ast.ts';
import type { ExprSource } from '../resolve/types.ts';

export interface IrExprValue {
  readonly kind: 'expr';
  readonly expr: Expr;
  readonly src: ExprSource;
}
