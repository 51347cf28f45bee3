// The emitter tables are keyed by kind: a table missing a kind does not type-check (the expected-error
// directives below fail `npm run typecheck` if that ever stops being true), and every entry emits.
import { describe, expect, it } from 'vitest';
import { MODULE_EMITTERS, type ModuleEmitters } from '../../compiler/emit/index.ts';
import { VALUE_EMITTERS, type ValueEmitters } from '../../compiler/emit/values.ts';
import type { IrModuleNode, IrValue } from '../../compiler/ir/index.ts';

// Type-level only: never called.
export function missingKindsDoNotTypeCheck(): unknown[] {
  const { optout: _o, ...withoutOptout } = MODULE_EMITTERS;
  const { mapped: _m, ...withoutMapped } = VALUE_EMITTERS;
  // @ts-expect-error a module emitter table without `optout`
  const modules: ModuleEmitters = withoutOptout;
  // @ts-expect-error a value emitter table without `mapped`
  const values: ValueEmitters = withoutMapped;
  return [modules, values];
}

describe('emitter tables', () => {
  it('have exactly one entry per module kind and per value kind', () => {
    const moduleKinds: Record<IrModuleNode['kind'], true> = {
      bundle: true,
      entity: true,
      events: true,
      optout: true,
    };
    const valueKinds: Record<IrValue['kind'], true> = {
      const: true,
      source: true,
      expr: true,
      label: true,
      mapped: true,
      convert: true,
    };
    expect(Object.keys(MODULE_EMITTERS).sort()).toEqual(Object.keys(moduleKinds).sort());
    expect(Object.keys(VALUE_EMITTERS).sort()).toEqual(Object.keys(valueKinds).sort());
  });
});
