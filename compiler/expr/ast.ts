// The checked expression tree. Spans are offsets in the expression text (for YAML line:col).
import type { ExprType } from './types.ts';

export interface Span {
  readonly start: number;
  readonly end: number;
}

export type BinaryOp = '+' | '-' | '*' | '/' | '==' | '!=' | '<' | '<=' | '>' | '>=' | '&&' | '||' | '??';
export type UnaryOp = '!' | '-';

export interface FieldRef {
  readonly name: string;
  readonly type: ExprType;
  /** Edm type of a Dynamics column (GUID literals, date literals in $filter); absent for event fields. */
  readonly edm?: string;
}

export type Expr = Span & { readonly t: ExprType } & (
    | { readonly k: 'lit'; readonly value: string | number | boolean | null }
    | { readonly k: 'field'; readonly ref: FieldRef }
    | { readonly k: 'template'; readonly quasis: readonly string[]; readonly parts: readonly Expr[] }
    | { readonly k: 'unary'; readonly op: UnaryOp; readonly arg: Expr }
    | { readonly k: 'binary'; readonly op: BinaryOp; readonly left: Expr; readonly right: Expr }
    | { readonly k: 'cond'; readonly test: Expr; readonly then: Expr; readonly else: Expr }
    | { readonly k: 'call'; readonly fn: string; readonly args: readonly Expr[] }
  );

/** Field names an expression reads, in first-use order without duplicates. */
export function fieldsOf(e: Expr, acc: string[] = []): string[] {
  switch (e.k) {
    case 'field':
      if (!acc.includes(e.ref.name)) acc.push(e.ref.name);
      break;
    case 'template':
      e.parts.forEach((p) => fieldsOf(p, acc));
      break;
    case 'unary':
      fieldsOf(e.arg, acc);
      break;
    case 'binary':
      fieldsOf(e.left, acc);
      fieldsOf(e.right, acc);
      break;
    case 'cond':
      [e.test, e.then, e.else].forEach((p) => fieldsOf(p, acc));
      break;
    case 'call':
      e.args.forEach((p) => fieldsOf(p, acc));
      break;
    case 'lit':
      break;
  }
  return acc;
}
