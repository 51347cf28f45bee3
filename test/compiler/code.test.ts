// The fragment helper: generated code is built only from `_`, lit() and id(); a raw string in a hole
// is a type error (checked by `npm run typecheck`: an unused @ts-expect-error fails it).
import { describe, expect, it } from 'vitest';
import { _, id, join, lit, note, type Code } from '../../compiler/emit/code.ts';
import { InternalCompilerError } from '../../compiler/emit/internal-error.ts';

// Type-level only: never called.
export function rawStringsDoNotTypeCheck(name: string): Code[] {
  return [
    // @ts-expect-error a plain string cannot fill a hole of `_`
    _`r[${name}]`,
    // @ts-expect-error comment text is not code: note() fits only where `_` expects text after `//`
    join([note(name)], _`, `),
    // @ts-expect-error a Code cannot be made from a string by hand
    name as Code,
  ];
}

describe('code fragments', () => {
  it('`_` splices fragments verbatim and lit() escapes input', () => {
    const field = 'x`]; process.exit(1); //${';
    expect(_`r[${lit(field)}]`.toString()).toBe('r["x\\u0060]; process.exit(1); //\\u0024{"]');
    expect(_`rt.f(${join([lit(1), lit(null), lit(['a', true])], _`, `)})`.toString()).toBe(
      'rt.f(1, null, ["a", true])',
    );
    expect(lit(JSON.parse('{"__proto__":"p"}') as { readonly [k: string]: string }).toString()).toBe(
      '{ ["__proto__"]: "p" }',
    );
  });

  it('id() accepts only safe identifiers; note() keeps comment text on one line', () => {
    expect(id('flow0').toString()).toBe('flow0');
    for (const bad of ['a-b', '1a', 'constructor', '__proto__', 'x y', ''])
      expect(() => id(bad), bad).toThrow(InternalCompilerError);
    expect(_`// ${note('a */ b\nc')}`.toString()).toBe('// a *\\/ b c');
    expect(() => lit(Number.NaN)).toThrow(InternalCompilerError);
  });
});
