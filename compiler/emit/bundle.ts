// IrBundle -> index module: imports every flow module and exports the Bundle (flows in order).
import { StructureKind } from 'ts-morph';
import type { IrBundle } from '../ir/index.ts';
import { header } from './header.ts';
import { _, id, join, lit } from './code.ts';
import { constant, exportDefault, obj, type ModuleOut, type Stmt } from './module.ts';

/**
 * `ext` is '.ts' for the TypeScript sources and '.js' for the transpiled modules. For JS, `versions`
 * (module -> content hash) is appended as `?v=` so a long-running runtime that re-imports a recompiled
 * index.js also gets the recompiled flow modules instead of the cached ones.
 */
export function emitBundle(
  n: IrBundle,
  version: string,
  lib: string,
  ext: '.ts' | '.js',
  versions?: ReadonlyMap<string, string>,
): ModuleOut {
  const files = [...new Set(n.flows.map((f) => f.sourceFile))];
  const names = n.flows.map((_f, i) => id(`flow${i}`));
  const statements: Stmt[] = [
    {
      kind: StructureKind.ImportDeclaration,
      isTypeOnly: true,
      namedImports: ['Bundle'],
      moduleSpecifier: lib,
      leadingTrivia: header(version, files),
    },
    ...n.flows.map((f, i): Stmt => ({
      kind: StructureKind.ImportDeclaration,
      defaultImport: names[i]?.toString() ?? '',
      moduleSpecifier: `./${f.module}${ext}${versions?.has(f.module) ? `?v=${versions.get(f.module) ?? ''}` : ''}`,
    })),
    constant(
      'bundle',
      'Bundle',
      obj([
        ['tenant', lit(n.tenant)],
        ['compilerVersion', lit(version)],
        ['flows', _`[${join(names, _`, `)}]`],
      ]),
      '// Flows in dependency order (link parents first).\n',
    ),
    exportDefault('bundle'),
  ];
  return { file: 'index.ts', statements, marks: [] };
}
