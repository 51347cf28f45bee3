// Shared structure builders for a generated module: header + imports, hoisted tables, default export.
import {
  StructureKind,
  VariableDeclarationKind,
  type StatementStructures,
  type WriterFunction,
} from 'ts-morph';
import type { ModuleCx } from './context.ts';
import { header } from './header.ts';
import { comment, ident, lit } from './lit.ts';

export interface ModuleOut {
  /** File name inside the bundle, e.g. `contacts.ts`. */
  readonly file: string;
  readonly statements: Stmt[];
  readonly marks: ModuleCx['marks'];
}

export function imports(
  version: string,
  sources: readonly string[],
  lib: string,
  types: readonly string[],
): Stmt[] {
  return [
    {
      kind: StructureKind.ImportDeclaration,
      isTypeOnly: true,
      namedImports: [...types].map(ident),
      moduleSpecifier: lib,
      leadingTrivia: header(version, sources),
    },
    { kind: StructureKind.ImportDeclaration, namespaceImport: ident('rt'), moduleSpecifier: lib },
  ];
}

export function hoisted(mod: ModuleCx): Stmt[] {
  return mod.hoisted.map((h) => ({
    kind: StructureKind.VariableStatement,
    declarationKind: VariableDeclarationKind.Const,
    leadingTrivia: `// ${comment(h.comment)}\n`,
    declarations: [{ name: h.name, initializer: h.init }],
  }));
}

/** A statement of a module: a structure, or a writer for literals that need exact indentation. */
export type Stmt = StatementStructures | WriterFunction;

/** `const name: type = init;` written directly (a declaration structure would hang-indent the literal). */
export function constant(name: string, type: string, init: string | WriterFunction, leading?: string): Stmt {
  return (w) => {
    if (leading !== undefined) w.write(leading);
    w.write(`const ${ident(name)}: ${type} = `);
    if (typeof init === 'string') w.write(init);
    else init(w);
    w.write(';').newLine();
  };
}

/** `export type name = { … };` */
export function typeAlias(name: string, body: WriterFunction, leading: string): Stmt {
  return (w) => {
    w.write(leading).write(`export type ${ident(name)} = `);
    body(w);
    w.write(';').newLine();
  };
}

export const exportDefault = (name: string): Stmt => ({
  kind: StructureKind.ExportAssignment,
  isExportEquals: false,
  expression: ident(name),
});

/** Object literal property values: safe code, or a nested object. */
export type ObjProps = readonly (readonly [string, string | ObjProps])[];

/** An object literal from already-safe code fragments (keys are fixed contract names), indented by the writer. */
export const obj =
  (props: ObjProps): WriterFunction =>
  (w) => {
    w.inlineBlock(() => {
      for (const [k, v] of props) {
        w.write(`${ident(k)}: `);
        if (typeof v === 'string') w.write(v);
        else obj(v)(w);
        w.write(',').newLine();
      }
    });
  };

/** Type literal `{ readonly "k": T; … }` (keys through lit). */
export const typeLiteral =
  (props: readonly (readonly [string, string])[]): WriterFunction =>
  (w) => {
    w.inlineBlock(() => {
      for (const [k, t] of props) w.writeLine(`readonly ${lit(k)}: ${t};`);
    });
  };
