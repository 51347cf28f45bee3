// Stage `check`: type-checks the generated program (strict) in an in-memory file system holding the
// runtime/lib sources at their real paths (`ferry/runtime` mapped to them), maps every TS error in generated code back to the YAML
// site it came from, and emits the .d.ts files. Unmapped errors are internal errors (FERRY299).
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { Project, ts } from 'ts-morph';
import { PACKAGE_ROOT } from '../../core/package-root.ts';
import type { Diagnostic } from '../diagnostics/diagnostic.ts';
import type { EmittedFile } from '../emit/index.ts';
import { EXPR_CODES } from '../expr/codes.ts';
import { LIB_SPECIFIER } from '../write/inputs.ts';

// The TypeScript sources, also when the compiler itself runs from build/.
export const RUNTIME_DIR = path.join(PACKAGE_ROOT, 'runtime');

// The library is a closed world: its own files plus the contract and the core modules it imports (errors, GUID, time), and a one-line
// declaration for node:crypto (the only Node API it uses) so @types/node need not be loaded.
let libFiles: readonly (readonly [string, string])[] | undefined;
function runtimeSources(): readonly (readonly [string, string])[] {
  if (libFiles) return libFiles;
  const lib = path.join(RUNTIME_DIR, 'lib');
  const names = readdirSync(lib)
    .filter((f) => f.endsWith('.ts'))
    .sort();
  libFiles = [
    ...names.map((f) => [path.join(lib, f), readFileSync(path.join(lib, f), 'utf8')] as const),
    ...[
      path.join(RUNTIME_DIR, 'contract.ts'),
      ...['errors.ts', 'guid.ts', 'time.ts'].map((f) => path.join(RUNTIME_DIR, '..', 'core', f)),
    ].map((f) => [f, readFileSync(f, 'utf8')] as const),
    [
      path.join(RUNTIME_DIR, 'lib', 'node-shim.d.ts'),
      "declare module 'node:crypto' { export function createHash(a: string): { update(s: string): { digest(e: 'hex'): string } }; }\n",
    ],
  ];
  return libFiles;
}

export interface CheckResult {
  readonly diagnostics: Diagnostic[];
  /** Declaration files, by bundle-relative path (`contacts.d.ts`). */
  readonly dts: ReadonlyMap<string, string>;
}

// One project per process: the library and the TS lib files are parsed once; each check swaps in the
// generated files (TS reuses unchanged source files when it rebuilds the program).
let shared: { project: Project; generated: string[] } | undefined;
function projectWith(files: ReadonlyMap<string, string>): Project {
  if (!shared) {
    const project = new Project({
      useInMemoryFileSystem: true,
      compilerOptions: {
        strict: true,
        noUncheckedIndexedAccess: true,
        exactOptionalPropertyTypes: true,
        target: ts.ScriptTarget.ES2022,
        module: ts.ModuleKind.ESNext,
        moduleResolution: ts.ModuleResolutionKind.Bundler,
        allowImportingTsExtensions: true,
        declaration: true,
        emitDeclarationOnly: true,
        lib: ['lib.es2023.d.ts'],
        types: [],
        skipLibCheck: true,
        // What package.json `exports` gives a bundle at run time, as sources.
        paths: { [LIB_SPECIFIER]: [path.join(RUNTIME_DIR, 'lib', 'index.ts')] },
      },
    });
    for (const [p, text] of runtimeSources()) project.createSourceFile(p, text, { overwrite: true });
    shared = { project, generated: [] };
  }
  for (const p of shared.generated) {
    const sf = shared.project.getSourceFile(p);
    if (sf) shared.project.removeSourceFile(sf);
  }
  for (const [p, text] of files) shared.project.createSourceFile(p, text, { overwrite: true });
  shared.generated = [...files.keys()];
  return shared.project;
}

export function checkBundle(files: readonly EmittedFile[], outDir: string): CheckResult {
  const byPath = new Map<string, EmittedFile>();
  for (const f of files) byPath.set(path.join(outDir, f.path), f);
  const project = projectWith(new Map([...byPath].map(([p, f]) => [p, f.text])));
  // Only the generated files are checked here; the library is checked by the repository's tsc.
  const tsDiags = [...byPath.keys()].flatMap((p) => project.getSourceFileOrThrow(p).getPreEmitDiagnostics());
  const diagnostics: Diagnostic[] = [];
  for (const d of tsDiags) {
    const file = d.getSourceFile()?.getFilePath();
    const start = d.getStart() ?? 0;
    const message = ts.flattenDiagnosticMessageText(d.compilerObject.messageText, ' ');
    const gen = file ? byPath.get(path.normalize(file)) : undefined;
    const span = gen?.spans.find((s) => start >= s.start && start <= s.end);
    if (span) {
      const { origin } = span.mark;
      diagnostics.push({
        code: EXPR_CODES.typeCheck.code,
        severity: 'error',
        file: origin.file,
        pointer: origin.pointer,
        line: origin.line,
        col: origin.col,
        message: `generated code: ${message}`,
        hint: EXPR_CODES.typeCheck.hint,
      });
    } else {
      const line = d.getLineNumber() ?? 0;
      const where = gen ? gen.path : (file ?? '?');
      diagnostics.push({
        code: EXPR_CODES.internal.code,
        severity: 'error',
        file: where,
        pointer: '',
        line,
        col: 1,
        message: `TS${d.getCode()} in generated ${where}:${line}: ${message}`,
        hint: EXPR_CODES.internal.hint,
      });
    }
  }
  const dts = new Map<string, string>();
  if (diagnostics.length === 0) {
    for (const [abs, f] of byPath) {
      const out = project.getSourceFileOrThrow(abs).getEmitOutput({ emitOnlyDtsFiles: true });
      for (const o of out.getOutputFiles()) dts.set(f.path.replace(/\.ts$/, '.d.ts'), o.getText());
    }
  }
  return { diagnostics, dts };
}
