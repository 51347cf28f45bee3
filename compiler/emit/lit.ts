// The ONE way values from YAML or metadata enter generated code (lit), the ONE way names become
// identifiers (ident), and the one way text enters comments (comment). Nothing else splices input.
import { FerryError } from '../../core/errors.ts';

/** An emitter bug (never bad input: bad input is a Diagnostic); reported as FERRY299. */
export class InternalCompilerError extends FerryError {
  constructor(message: string) {
    super('FERRY299', message);
  }
}

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

export function lit(v: LitValue): string {
  if (v === null) return 'null';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new InternalCompilerError(`non-finite number ${v} cannot be a literal`);
    return Object.is(v, -0) ? '0' : JSON.stringify(v);
  }
  if (typeof v === 'string') return JSON.stringify(v).replace(/[`$\u2028\u2029<>]/g, (c) => EXTRA[c] ?? c);
  if (Array.isArray(v)) return `[${v.map((x: LitValue) => lit(x)).join(', ')}]`;
  const o = v as { readonly [k: string]: LitValue };
  // `"__proto__": x` in an object literal would set the prototype: that one key is computed.
  return `{ ${Object.keys(o)
    .map((k) => `${propKey(k)}: ${lit(o[k] ?? null)}`)
    .join(', ')} }`;
}

/** An object-literal key for a name from input: `__proto__` must be computed or it sets the prototype. */
export const propKey = (name: string): string => (name === '__proto__' ? `[${lit(name)}]` : lit(name));

const RESERVED = new Set(
  (
    'break case catch class const continue debugger default delete do else enum export extends false finally for function if ' +
    'import in instanceof new null return super switch this throw true try typeof var void while with yield let static ' +
    'implements interface package private protected public await async of arguments eval undefined NaN Infinity ' +
    'constructor prototype __proto__ globalThis'
  ).split(' '),
);

/** A checked identifier; anything else is a compiler bug (names from input go through lit()). */
export function ident(name: string): string {
  if (!/^[A-Za-z_$][\w$]*$/.test(name) || RESERVED.has(name))
    throw new InternalCompilerError(`not a safe identifier: ${JSON.stringify(name)}`);
  return name;
}

/** Text safe inside a /* … *\/ or // comment: one line, no comment terminator. */
export function comment(text: string): string {
  return text.replace(/[\r\n\u2028\u2029]+/g, ' ').replace(/\*\//g, '*\\/');
}
