// The one typed way to build generated code (after ajv's `_` template and `Name`): a Code is made only
// by the `_` tag, by lit() (values from YAML or metadata), or by id() (checked identifiers). `_` takes
// nothing but Code (and comment text from note()), so a raw string cannot be spliced by accident.
import { InternalCompilerError } from './internal-error.ts';

// Not exported: outside this module a Code can only come from `_`, lit(), id() or join().
class Fragment {
  readonly #text: string;
  constructor(text: string) {
    this.#text = text;
  }
  toString(): string {
    return this.#text;
  }
}
export type Code = Fragment;

// Comment text: one line, no comment terminator; only valid after `//` or inside `/* … */` in `_`.
class CommentText {
  readonly #text: string;
  constructor(text: string) {
    this.#text = text;
  }
  toString(): string {
    return this.#text;
  }
}
export type Note = CommentText;

/** Tagged template for generated code: the fixed parts are compiler text, every hole is a Code. */
export function _(fixed: TemplateStringsArray, ...holes: readonly (Code | Note)[]): Code {
  let text = fixed[0] ?? '';
  holes.forEach((h, i) => (text += `${h.toString()}${fixed[i + 1] ?? ''}`));
  return new Fragment(text);
}

/** Code fragments joined by a separator, e.g. call arguments. */
export const join = (parts: readonly Code[], sep: Code): Code =>
  new Fragment(parts.map((p) => p.toString()).join(sep.toString()));

export type LitValue =
  string | number | boolean | null | readonly LitValue[] | { readonly [k: string]: LitValue };

// JSON escapes quotes, backslashes and control characters; we also escape what would matter if the
// text ever landed in a template literal or an HTML-ish context, and the two JS line terminators.
const EXTRA: Readonly<Record<string, string>> = {
  '`': '\\u0060',
  $: '\\u0024',
  '\u2028': '\\u2028',
  '\u2029': '\\u2029',
  '<': '\\u003c',
  '>': '\\u003e',
};

/** The one way a value from YAML or metadata enters generated code: as a JS literal. */
export function lit(v: LitValue): Code {
  if (v === null) return new Fragment('null');
  if (typeof v === 'boolean') return new Fragment(v ? 'true' : 'false');
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new InternalCompilerError(`non-finite number ${v} cannot be a literal`);
    return new Fragment(Object.is(v, -0) ? '0' : JSON.stringify(v));
  }
  if (typeof v === 'string')
    return new Fragment(JSON.stringify(v).replace(/[`$\u2028\u2029<>]/g, (c) => EXTRA[c] ?? c));
  if (Array.isArray(v))
    return _`[${join(
      v.map((x: LitValue) => lit(x)),
      _`, `,
    )}]`;
  const o = v as { readonly [k: string]: LitValue };
  const props = Object.keys(o).map((k) => _`${propKey(k)}: ${lit(o[k] ?? null)}`);
  return _`{ ${join(props, _`, `)} }`;
}

/** An object-literal key for a name from input: `__proto__` must be computed or it sets the prototype. */
export const propKey = (name: string): Code => (name === '__proto__' ? _`[${lit(name)}]` : lit(name));

const RESERVED = new Set(
  (
    'break case catch class const continue debugger default delete do else enum export extends false finally for function if ' +
    'import in instanceof new null return super switch this throw true try typeof var void while with yield let static ' +
    'implements interface package private protected public await async of arguments eval undefined NaN Infinity ' +
    'constructor prototype __proto__ globalThis'
  ).split(' '),
);

/** The one way a name becomes an identifier; anything unsafe is a compiler bug (input goes through lit()). */
export function id(name: string): Code {
  if (!/^[A-Za-z_$][\w$]*$/.test(name) || RESERVED.has(name))
    throw new InternalCompilerError(`not a safe identifier: ${JSON.stringify(name)}`);
  return new Fragment(name);
}

/** Text safe inside a /* … *\/ or // comment: one line, no comment terminator. */
export function comment(text: string): string {
  return text.replace(/[\r\n\u2028\u2029]+/g, ' ').replace(/\*\//g, '*\\/');
}

/** comment() as a hole of `_` (after `//` in generated code). */
export const note = (text: string): Note => new CommentText(comment(text));
