// Words for the node kinds the expression language rejects, so messages say what was written.
import { ts } from 'ts-morph';

const K = ts.SyntaxKind;

export const FORBIDDEN_KIND: ReadonlyMap<ts.SyntaxKind, string> = new Map([
  [K.NewExpression, '`new`'],
  [K.ArrowFunction, 'arrow functions'],
  [K.FunctionExpression, 'function expressions'],
  [K.ClassExpression, 'class expressions'],
  [K.TypeOfExpression, '`typeof`'],
  [K.DeleteExpression, '`delete`'],
  [K.VoidExpression, '`void`'],
  [K.AwaitExpression, '`await`'],
  [K.YieldExpression, '`yield`'],
  [K.RegularExpressionLiteral, 'regular expressions'],
  [K.SpreadElement, 'spread (`...`)'],
  [K.ObjectLiteralExpression, 'object literals'],
  [K.ArrayLiteralExpression, 'array literals'],
  [K.TaggedTemplateExpression, 'tagged templates'],
  [K.MetaProperty, '`import.meta` / `new.target`'],
  [K.ImportKeyword, '`import`'],
  [K.SuperKeyword, '`super`'],
  [K.ThisKeyword, '`this`'],
  [K.AsExpression, 'type assertions (`as`)'],
  [K.SatisfiesExpression, '`satisfies`'],
  [K.TypeAssertionExpression, 'type assertions'],
  [K.NonNullExpression, 'non-null assertions (`!`)'],
  [K.BigIntLiteral, 'bigint literals'],
  [K.PostfixUnaryExpression, '`++` / `--`'],
  [K.JsxElement, 'JSX'],
  [K.JsxSelfClosingElement, 'JSX'],
]);

/** Identifiers that are never fields, whatever the metadata says. */
export const RESERVED_NAMES: ReadonlySet<string> = new Set([
  'globalThis',
  'window',
  'global',
  'process',
  'require',
  'module',
  'exports',
  'eval',
  'Function',
  'constructor',
  'prototype',
  '__proto__',
  'arguments',
  'undefined',
  'NaN',
  'Infinity',
  'this',
  'import',
  'Object',
  'Reflect',
  'Proxy',
  'Symbol',
]);

export const BINARY_OPS: ReadonlyMap<
  ts.SyntaxKind,
  '+' | '-' | '*' | '/' | '==' | '!=' | '<' | '<=' | '>' | '>=' | '&&' | '||' | '??'
> = new Map([
  [K.PlusToken, '+'],
  [K.MinusToken, '-'],
  [K.AsteriskToken, '*'],
  [K.SlashToken, '/'],
  [K.EqualsEqualsToken, '=='],
  [K.EqualsEqualsEqualsToken, '=='],
  [K.ExclamationEqualsToken, '!='],
  [K.ExclamationEqualsEqualsToken, '!='],
  [K.LessThanToken, '<'],
  [K.LessThanEqualsToken, '<='],
  [K.GreaterThanToken, '>'],
  [K.GreaterThanEqualsToken, '>='],
  [K.AmpersandAmpersandToken, '&&'],
  [K.BarBarToken, '||'],
  [K.QuestionQuestionToken, '??'],
] as const);
