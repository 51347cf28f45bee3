// Registry of expression and back-end diagnostic codes (FERRY200–FERRY299); same shape as
// compiler/diagnostics/codes.ts. Codes are stable: never renumber one.
import type { CodeInfo } from '../diagnostics/codes.ts';

const define = <K extends string>(entries: Record<K, CodeInfo>) => entries;

export const EXPR_CODES = define({
  syntax: {
    code: 'FERRY200',
    title: 'Expression syntax error',
    hint: 'Expressions use TypeScript expression syntax, e.g. lower(trim(emailaddress1)).',
  },
  notExpression: {
    code: 'FERRY201',
    title: 'Not a single expression',
    hint: 'Write one expression; statements, declarations and `;` are not allowed.',
  },
  forbiddenNode: {
    code: 'FERRY202',
    title: 'Construct not allowed in expressions',
    hint: 'Only fields, literals, operators (+ - * / comparisons && || ! ?: ??), template literals and the listed functions are allowed.',
  },
  propertyAccess: {
    code: 'FERRY203',
    title: 'Property access not allowed',
    hint: 'Refer to source fields by their name alone, e.g. `firstname`, never `a.b` or `a[b]`.',
  },
  unknownFunction: {
    code: 'FERRY204',
    title: 'Unknown function',
    hint: 'Functions: lower upper trim left right replace concat date datetime formatDate addDays toString toNumber toBoolean coalesce isEmpty contains startsWith endsWith round.',
  },
  unknownField: {
    code: 'FERRY205',
    title: 'Unknown field',
    hint: 'Use a column of the source entity (logical name, lower case) or an event field.',
  },
  forbiddenName: {
    code: 'FERRY206',
    title: 'Reserved name',
    hint: 'Names like this, globalThis, constructor, undefined and eval cannot be used in expressions.',
  },
  arity: {
    code: 'FERRY207',
    title: 'Wrong number of arguments',
    hint: 'See the function list in README.md for each function’s arguments.',
  },
  argType: {
    code: 'FERRY208',
    title: 'Argument of the wrong type',
    hint: 'Convert the argument first, e.g. toString(x), toNumber(x), date(x).',
  },
  operandType: {
    code: 'FERRY209',
    title: 'Operator applied to the wrong types',
    hint: 'Both sides of a comparison must have the same type; + needs numbers or strings; - * / need numbers.',
  },
  targetType: {
    code: 'FERRY210',
    title: 'Value does not fit the target field',
    hint: 'Convert the value to the target field’s type.',
  },
  notBoolean: {
    code: 'FERRY211',
    title: 'Filter condition is not a boolean',
    hint: 'A filter condition must be a comparison or a boolean, e.g. statecode == 0.',
  },
  badGuid: {
    code: 'FERRY212',
    title: 'Not a GUID',
    hint: 'Compare GUID columns with a GUID literal like "00000000-0000-0000-0000-000000000000".',
  },
  badLiteral: {
    code: 'FERRY213',
    title: 'Invalid literal',
    hint: 'Write a valid literal: date("2024-01-31"), datetime("2024-01-31T10:00:00Z"), finite numbers.',
  },
  valueMapType: {
    code: 'FERRY214',
    title: 'Value map entry does not fit the target field',
    hint: 'Write replacement values of the target field’s type.',
  },
  constType: {
    code: 'FERRY215',
    title: 'Constant does not fit the target field',
    hint: 'Write a constant of the target field’s type.',
  },
  sourceConversion: {
    code: 'FERRY216',
    title: 'Source column type cannot be converted to the target field',
    hint: 'Map to a field of a compatible type, or convert with an expression.',
  },
  tooLong: {
    code: 'FERRY217',
    title: 'Expression too long or too deep',
    hint: 'Split the logic; expressions are limited to 2000 characters and 40 levels of nesting.',
  },
  pushdown: {
    code: 'FERRY220',
    title: 'Filter condition runs after the read',
    hint: 'Only comparisons of columns with literals, contains/startsWith/endsWith and isEmpty push down to $filter; this condition filters rows in ferry instead.',
  },
  typeCheck: {
    code: 'FERRY230',
    title: 'Generated code does not type-check',
    hint: 'The expression at this position produced code TypeScript rejects; check its types.',
  },
  internal: {
    code: 'FERRY299',
    title: 'Internal compiler error',
    hint: 'This is a bug in ferry; please report it with the mapping that triggers it.',
  },
});

export type ExprCode = keyof typeof EXPR_CODES;

/** All codes of this registry, for docs and tests. */
export const EXPR_CODE_LIST: readonly CodeInfo[] = Object.values(EXPR_CODES);
