// Shared structure builders for a generated module: header + imports, hoisted tables, default export.
// Code enters ts-morph here, as text of `_`-built fragments.
import {
  StructureKind,
  VariableDeclarationKind,
  type StatementStructures,
  type WriterFunction,
} from 'ts-morph';
import { _, comment, id, lit, type Code } from './code.ts';
import type { ModuleCx } from './context.ts';
import { header } from './header.ts';

export interface ModuleOut {
  /** File name inside the bundle, e.g. `contacts.ts`. */
  readonly file: string;
  readonly statements: Stmt[];
  readonly marks: ModuleCx['marks'];
}

/** A name for a ts-morph structure, through the identifier check. */
export const name = (n: string): string => id(n).toString();

/** Function body statements as ts-morph takes them. */
export const body = (codes: readonly Code[]): string[] => codes.map((c) => c.toString());

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
      namedImports: types.map(name),
      moduleSpecifier: lib,
      leadingTrivia: header(version, sources),
    },
    { kind: StructureKind.ImportDeclaration, namespaceImport: name('rt'), moduleSpecifier: lib },
  ];
}

export function hoisted(mod: ModuleCx): Stmt[] {
  return mod.hoisted.map((h): Stmt =>
    // A multi-line initializer (a value-map switch) is written as is: a structure would hang-indent it.
    h.init.toString().includes('\n')
      ? (w) =>
          w.write(`// ${comment(h.comment)}\nconst ${h.name.toString()} = ${h.init.toString()};`).newLine()
      : {
          kind: StructureKind.VariableStatement,
          declarationKind: VariableDeclarationKind.Const,
          leadingTrivia: `// ${comment(h.comment)}\n`,
          declarations: [{ name: h.name.toString(), initializer: h.init.toString() }],
        },
  );
}

/** A statement of a module: a structure, or a writer for literals that need exact indentation. */
export type Stmt = StatementStructures | WriterFunction;

/** `const name: type = init;` written directly (a declaration structure would hang-indent the literal). */
export function constant(n: string, type: string, init: Code | WriterFunction, leading?: string): Stmt {
  return (w) => {
    if (leading !== undefined) w.write(leading);
    w.write(`const ${name(n)}: ${type} = `);
    if (typeof init === 'function') init(w);
    else w.write(init.toString());
    w.write(';').newLine();
  };
}

/** `export type name = { … };` */
export function typeAlias(n: string, body: WriterFunction, leading: string): Stmt {
  return (w) => {
    w.write(leading).write(`export type ${name(n)} = `);
    body(w);
    w.write(';').newLine();
  };
}

export const exportDefault = (n: string): Stmt => ({
  kind: StructureKind.ExportAssignment,
  isExportEquals: false,
  expression: name(n),
});

/** Object literal property values: code, or a nested object. */
export type ObjProps = readonly (readonly [string, Code | ObjProps])[];

/** An object literal from code fragments (keys are fixed contract names), indented by the writer. */
export const obj =
  (props: ObjProps): WriterFunction =>
  (w) => {
    w.inlineBlock(() => {
      for (const [k, v] of props) {
        w.write(`${name(k)}: `);
        if (Array.isArray(v)) obj(v as ObjProps)(w);
        else w.write(v.toString());
        w.write(',').newLine();
      }
    });
  };

/** Type literal `{ readonly "k": T; … }` (keys through lit, types from the compiler's own tables). */
export const typeLiteral =
  (props: readonly (readonly [string, string])[]): WriterFunction =>
  (w) => {
    w.inlineBlock(() => {
      for (const [k, t] of props) w.writeLine(`readonly ${lit(k).toString()}: ${t};`);
    });
  };

/** An entity set name, checked again by the runtime library when the bundle loads. */
export const entitySetRef = (name: string): Code => _`rt.entitySet(${lit(name)})`;
