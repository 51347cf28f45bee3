// Parses an expression with the TypeScript parser and converts the allowed subset into a typed Expr,
// rejecting every other node kind at its exact offset. Type checking happens in the same walk.
import { ts } from 'ts-morph';
import type { BinaryOp, Expr, FieldRef, Span } from './ast.ts';
import { BINARY_OPS, FORBIDDEN_KIND, RESERVED_NAMES } from './forbidden.ts';
import { FUNCTIONS, FUNCTION_NAMES } from './functions.ts';
import { problem, type ExprProblem } from './problems.ts';
import { didYouMean } from '../diagnostics/suggest.ts';
import { T, comparable, show, type ExprType } from './types.ts';
import { timestampMillis } from '../../core/time.ts';
import { tooDeepAt } from './depth.ts';

export interface Scope {
  readonly fields: ReadonlyMap<string, FieldRef>;
  /** What the fields are, for messages ("column of contact", "event field"). */
  readonly describe: string;
}

export interface Parsed {
  readonly expr: Expr | null;
  readonly problems: readonly ExprProblem[];
}

const MAX_LENGTH = 2000;
const MAX_DEPTH = 40;
const K = ts.SyntaxKind;

export function parseExpr(text: string, scope: Scope): Parsed {
  const problems: ExprProblem[] = [];
  const whole = { start: 0, end: text.length };
  if (text.length > MAX_LENGTH)
    return {
      expr: null,
      problems: [
        problem('tooLong', whole, `expression is ${text.length} characters long (limit ${MAX_LENGTH})`),
      ],
    };
  if (text.trim() === '')
    return { expr: null, problems: [problem('notExpression', whole, 'expression is empty')] };
  // Checked before parsing: the TypeScript parser recurses once per bracket level.
  const deep = tooDeepAt(text, MAX_DEPTH);
  if (deep !== null)
    return {
      expr: null,
      problems: [
        problem(
          'tooLong',
          { start: deep, end: deep + 1 },
          `expression is nested more than ${MAX_DEPTH} levels deep`,
        ),
      ],
    };
  const sf = ts.createSourceFile('expr.ts', text, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
  const syntax =
    (sf as unknown as { parseDiagnostics?: readonly ts.DiagnosticWithLocation[] }).parseDiagnostics ?? [];
  const first = syntax[0];
  if (first) {
    const msg = ts.flattenDiagnosticMessageText(first.messageText, ' ');
    return {
      expr: null,
      problems: [problem('syntax', { start: first.start, end: first.start + first.length }, msg)],
    };
  }
  const stmt = sf.statements[0];
  if (
    sf.statements.length !== 1 ||
    !stmt ||
    !ts.isExpressionStatement(stmt) ||
    text.slice(stmt.expression.end).trim() !== ''
  ) {
    const at = sf.statements[1] ?? stmt;
    const span = at ? { start: at.getStart(sf), end: at.end } : whole;
    return {
      expr: null,
      problems: [problem('notExpression', span, 'only a single expression is allowed here')],
    };
  }
  const expr = new Walker(sf, scope, problems).walk(stmt.expression, 0);
  return { expr: problems.some((p) => p.severity !== 'warning') ? null : expr, problems };
}

class Walker {
  constructor(
    private readonly sf: ts.SourceFile,
    private readonly scope: Scope,
    private readonly problems: ExprProblem[],
  ) {}

  private span(n: ts.Node): Span {
    return { start: n.getStart(this.sf), end: n.end };
  }

  private fail(code: Parameters<typeof problem>[0], n: ts.Node | Span, message: string, hint?: string): null {
    this.problems.push(problem(code, 'kind' in n ? this.span(n) : n, message, hint));
    return null;
  }

  walk(n: ts.Expression, depth: number): Expr | null {
    if (depth > MAX_DEPTH)
      return this.fail('tooLong', n, `expression is nested more than ${MAX_DEPTH} levels deep`);
    const d = depth + 1;
    const s = this.span(n);
    if (ts.isParenthesizedExpression(n)) return this.walk(n.expression, d);
    if (ts.isStringLiteral(n) || ts.isNoSubstitutionTemplateLiteral(n))
      return { ...s, k: 'lit', value: n.text, t: T('string') };
    if (ts.isNumericLiteral(n)) {
      const v = Number(n.text);
      return Number.isFinite(v)
        ? { ...s, k: 'lit', value: v, t: T('number') }
        : this.fail('badLiteral', n, `number ${n.text} is not finite`);
    }
    if (n.kind === K.TrueKeyword || n.kind === K.FalseKeyword)
      return { ...s, k: 'lit', value: n.kind === K.TrueKeyword, t: T('boolean') };
    if (n.kind === K.NullKeyword) return { ...s, k: 'lit', value: null, t: T('null') };
    if (ts.isIdentifier(n)) return this.identifier(n, s);
    if (ts.isTemplateExpression(n)) return this.template(n, s, d);
    if (ts.isPrefixUnaryExpression(n)) return this.unary(n, s, d);
    if (ts.isBinaryExpression(n)) return this.binary(n, s, d);
    if (ts.isConditionalExpression(n)) return this.conditional(n, s, d);
    if (ts.isCallExpression(n)) return this.call(n, s, d);
    if (ts.isPropertyAccessExpression(n) || ts.isElementAccessExpression(n)) {
      return this.fail(
        'propertyAccess',
        n,
        `\`${n.getText(this.sf)}\`: property and element access are not allowed`,
      );
    }
    const what = FORBIDDEN_KIND.get(n.kind) ?? `\`${K[n.kind]}\``;
    return this.fail('forbiddenNode', n, `${what} not allowed in expressions`);
  }

  private identifier(n: ts.Identifier, s: Span): Expr | null {
    const name = n.text;
    if (RESERVED_NAMES.has(name))
      return this.fail('forbiddenName', n, `\`${name}\` cannot be used in expressions`);
    const ref = this.scope.fields.get(name);
    if (ref) return { ...s, k: 'field', ref, t: ref.type };
    const close = didYouMean(name, this.scope.fields.keys());
    const hint = close ? `did you mean \`${close}\`?` : undefined;
    return this.fail('unknownField', n, `unknown field \`${name}\` (not a ${this.scope.describe})`, hint);
  }

  private template(n: ts.TemplateExpression, s: Span, d: number): Expr | null {
    const parts = n.templateSpans.map((sp) => this.walk(sp.expression, d));
    if (parts.some((p) => p === null)) return null;
    const quasis = [n.head.text, ...n.templateSpans.map((sp) => sp.literal.text)];
    return { ...s, k: 'template', quasis, parts: parts as Expr[], t: T('string') };
  }

  private unary(n: ts.PrefixUnaryExpression, s: Span, d: number): Expr | null {
    if (n.operator !== K.ExclamationToken && n.operator !== K.MinusToken) {
      return this.fail(
        'forbiddenNode',
        n,
        `operator \`${ts.tokenToString(n.operator) ?? '?'}\` not allowed in expressions`,
      );
    }
    const arg = this.walk(n.operand, d);
    if (!arg) return null;
    if (n.operator === K.MinusToken) {
      if (arg.t.base !== 'number')
        return this.fail('operandType', n, `unary - needs a number, got ${show(arg.t)}`);
      // Fold -literal so negative constants push down to $filter.
      if (arg.k === 'lit' && typeof arg.value === 'number')
        return { ...s, k: 'lit', value: -arg.value, t: arg.t };
      return { ...s, k: 'unary', op: '-', arg, t: arg.t };
    }
    if (arg.t.base !== 'boolean') return this.fail('operandType', n, `! needs a boolean, got ${show(arg.t)}`);
    return { ...s, k: 'unary', op: '!', arg, t: arg.t };
  }

  private binary(n: ts.BinaryExpression, s: Span, d: number): Expr | null {
    const op = BINARY_OPS.get(n.operatorToken.kind);
    if (!op) {
      const tok =
        n.operatorToken.kind === K.CommaToken
          ? 'the comma operator'
          : `operator \`${n.operatorToken.getText(this.sf)}\``;
      return this.fail('forbiddenNode', n.operatorToken, `${tok} not allowed in expressions`);
    }
    const left = this.walk(n.left, d);
    const right = this.walk(n.right, d);
    if (!left || !right) return null;
    const t = this.binaryType(op, left, right, n);
    return t ? { ...s, k: 'binary', op, left, right, t } : null;
  }

  private binaryType(op: BinaryOp, l: Expr, r: Expr, n: ts.BinaryExpression): ExprType | null {
    const nul = l.t.nullable || r.t.nullable;
    const bad = (want: string): null =>
      this.fail(
        'operandType',
        n,
        `\`${op}\` ${want}, got ${show(l.t)} and ${show(r.t)}`,
        op === '+' ? 'use concat(...) or a template literal to join text' : undefined,
      );
    switch (op) {
      case '+':
        if (l.t.base === 'string' || r.t.base === 'string') return T('string');
        return l.t.base === 'number' && r.t.base === 'number'
          ? T('number', nul)
          : bad('needs two numbers or a string');
      case '-':
      case '*':
      case '/':
        return l.t.base === 'number' && r.t.base === 'number'
          ? T('number', nul || op === '/')
          : bad('needs two numbers');
      case '&&':
      case '||':
        return l.t.base === 'boolean' && r.t.base === 'boolean'
          ? T('boolean', nul)
          : bad('needs two booleans');
      case '??':
        if (l.t.base !== 'null' && r.t.base !== 'null' && !comparable(l.t, r.t))
          return bad('needs two values of the same type');
        return T(l.t.base === 'null' ? r.t.base : l.t.base, r.t.nullable);
      default:
        if (!comparable(l.t, r.t)) return bad('compares values of different types');
        if (l.t.base === 'null' && r.t.base === 'null') return bad('compares null with null');
        if (op !== '==' && op !== '!=' && (l.t.base === 'null' || r.t.base === 'null'))
          return bad('cannot order null');
        // x == null is two-valued; every other comparison is unknown when a side is null.
        return T('boolean', l.t.base !== 'null' && r.t.base !== 'null' && nul);
    }
  }

  private conditional(n: ts.ConditionalExpression, s: Span, d: number): Expr | null {
    const test = this.walk(n.condition, d);
    const then = this.walk(n.whenTrue, d);
    const other = this.walk(n.whenFalse, d);
    if (!test || !then || !other) return null;
    if (test.t.base !== 'boolean')
      return this.fail('operandType', n.condition, `condition of ?: must be a boolean, got ${show(test.t)}`);
    if (then.t.base !== 'null' && other.t.base !== 'null' && !comparable(then.t, other.t)) {
      return this.fail(
        'operandType',
        n,
        `both branches of ?: must have the same type, got ${show(then.t)} and ${show(other.t)}`,
      );
    }
    const base = then.t.base === 'null' ? other.t.base : then.t.base;
    return { ...s, k: 'cond', test, then, else: other, t: T(base, then.t.nullable || other.t.nullable) };
  }

  private call(n: ts.CallExpression, s: Span, d: number): Expr | null {
    if (!ts.isIdentifier(n.expression)) {
      if (ts.isPropertyAccessExpression(n.expression) || ts.isElementAccessExpression(n.expression)) {
        return this.fail(
          'propertyAccess',
          n.expression,
          `\`${n.expression.getText(this.sf)}\`: method calls are not allowed; call a listed function`,
        );
      }
      return this.fail('forbiddenNode', n.expression, 'only listed functions can be called');
    }
    if (n.questionDotToken || n.typeArguments)
      return this.fail('forbiddenNode', n, 'optional calls and type arguments are not allowed');
    const name = n.expression.text;
    const sig = Object.hasOwn(FUNCTIONS, name) ? FUNCTIONS[name] : undefined;
    if (!sig) {
      const close = didYouMean(name, FUNCTION_NAMES);
      return this.fail(
        'unknownFunction',
        n.expression,
        `unknown function \`${name}\``,
        close ? `did you mean \`${close}\`?` : undefined,
      );
    }
    const max = sig.variadic ? Infinity : sig.params.length;
    if (n.arguments.length < sig.min || n.arguments.length > max) {
      const want = sig.variadic ? `at least ${sig.min}` : sig.min === max ? `${max}` : `${sig.min} to ${max}`;
      return this.fail('arity', n, `${name}() takes ${want} argument(s), got ${n.arguments.length}`, sig.doc);
    }
    const args = n.arguments.map((a) => this.walk(a, d));
    if (args.some((a) => a === null)) return null;
    const typed = args as Expr[];
    for (const [i, a] of typed.entries()) {
      const want = sig.params[Math.min(i, sig.params.length - 1)] ?? 'any';
      if (want !== 'any' && a.t.base !== 'null' && !want.includes(a.t.base)) {
        return this.fail(
          'argType',
          a,
          `argument ${i + 1} of ${name}() must be ${want.join(' or ')}, got ${show(a.t)}`,
          sig.doc,
        );
      }
    }
    if (
      (name === 'date' || name === 'datetime') &&
      typed[0]?.k === 'lit' &&
      typeof typed[0].value === 'string'
    ) {
      const v = typed[0].value;
      if (Number.isNaN(timestampMillis(v)))
        return this.fail('badLiteral', typed[0], `${JSON.stringify(v)} is not a valid ${name}`);
    }
    return { ...s, k: 'call', fn: name, args: typed, t: sig.returns(typed.map((a) => a.t)) };
  }
}
