// Shared structure builders for a generated module: header + imports, hoisted tables, default export.
import { StructureKind, VariableDeclarationKind, type StatementStructures } from 'ts-morph';
import type { ModuleCx } from './context.ts';
import { header } from './header.ts';
import { comment, ident } from './lit.ts';

export interface ModuleOut {
  /** File name inside the bundle, e.g. `contacts.ts`. */
  readonly file: string;
  readonly statements: StatementStructures[];
  readonly marks: ModuleCx['marks'];
}

export function imports(version: string, sources: readonly string[], lib: string, types: readonly string[]): StatementStructures[] {
  return [
    { kind: StructureKind.ImportDeclaration, isTypeOnly: true, namedImports: [...types].map(ident), moduleSpecifier: lib, leadingTrivia: header(version, sources) },
    { kind: StructureKind.ImportDeclaration, namespaceImport: ident('rt'), moduleSpecifier: lib },
  ];
}

export function hoisted(mod: ModuleCx): StatementStructures[] {
  return mod.hoisted.map((h) => ({
    kind: StructureKind.VariableStatement,
    declarationKind: VariableDeclarationKind.Const,
    leadingTrivia: `// ${comment(h.comment)}\n`,
    declarations: [{ name: h.name, initializer: h.init }],
  }));
}

export function constant(name: string, type: string, init: string, leading?: string): StatementStructures {
  return {
    kind: StructureKind.VariableStatement,
    declarationKind: VariableDeclarationKind.Const,
    ...(leading === undefined ? {} : { leadingTrivia: leading }),
    declarations: [{ name: ident(name), type, initializer: init }],
  };
}

export const exportDefault = (name: string): StatementStructures => ({ kind: StructureKind.ExportAssignment, isExportEquals: false, expression: ident(name) });

/** An object literal from already-safe code fragments (keys are fixed contract names). */
export const obj = (props: readonly (readonly [string, string])[], indent = ''): string =>
  `{\n${props.map(([k, v]) => `${indent}  ${ident(k)}: ${v},`).join('\n')}\n${indent}}`;
