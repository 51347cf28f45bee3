// The compiler, as the list of its stages. Each stage returns data plus diagnostics; the next
// stage runs only when the previous one produced no errors.
import path from 'node:path';
import type { Diagnostic } from './diagnostics/diagnostic.ts';
import { hasErrors } from './diagnostics/diagnostic.ts';
import { loadProject } from './project/index.ts';
import type { LoadedProject } from './project/index.ts';
import { loadTenantMetadata } from './metadata/index.ts';
import type { ResolvedProject } from './resolve/types.ts';
import { resolveProject } from './resolve/index.ts';
import { checkExpressions } from './expr/check-project.ts';
import type { CheckedProject } from './expr/checked.ts';
import { EXPR_CODES } from './expr/codes.ts';
import type { IrBundle } from './ir/index.ts';
import { lower } from './lower/index.ts';
import { emit } from './emit/index.ts';
import { InternalCompilerError } from './emit/internal-error.ts';
import { checkBundle } from './check/index.ts';
import { bundleFiles, writeBundle } from './write/index.ts';
import { buildManifest } from './write/manifest.ts';
import { compilerVersion, inputHashes, LIB_SPECIFIER } from './write/inputs.ts';

export interface ValidateOptions {
  /** Project root (holds tenants/ and mappings/). */
  readonly root: string;
  readonly tenant: string;
  /** Stop after schema validation: no metadata snapshots needed. */
  readonly schemaOnly?: boolean;
}

export interface ValidateResult {
  readonly project: LoadedProject;
  /** null when an earlier stage failed or `schemaOnly` was set. */
  readonly resolved: ResolvedProject | null;
  /** Expressions and filters parsed and type-checked; null when an earlier stage failed. */
  readonly checked: CheckedProject | null;
  readonly diagnostics: readonly Diagnostic[];
  /** File (as in diagnostics) -> text, for source lines in reports. */
  readonly sources: ReadonlyMap<string, string>;
}

export async function validateProject(opts: ValidateOptions): Promise<ValidateResult> {
  const diagnostics: Diagnostic[] = [];
  const done = (resolved: ResolvedProject | null, checked: CheckedProject | null = null): ValidateResult => ({
    project,
    resolved,
    checked,
    diagnostics: relativeFiles(project.root, diagnostics),
    sources: new Map(project.documents.map((d) => [d.file, d.text])),
  });

  // 1. load + validate: tenant.yaml and its mappings, parsed with positions and schema-checked
  const project = await loadProject({ root: opts.root, tenant: opts.tenant });
  diagnostics.push(...project.diagnostics);
  if (hasErrors(diagnostics) || project.tenant === null || opts.schemaOnly === true) return done(null);

  // 2. metadata: the tenant's snapshots of Dynamics and Campaign
  const metadata = await loadTenantMetadata(path.join(project.tenantDir, 'metadata'), project.root);
  diagnostics.push(...metadata.diagnostics);
  if (hasErrors(diagnostics)) return done(null);

  // 3. resolve: every name in every mapping bound to the metadata
  const resolved = resolveProject(
    {
      tenant: project.tenantName,
      tenantDir: project.tenantDir,
      mappings: project.mappings,
      flavor: { campaign: project.tenant.value.campaign, doc: project.tenant.doc },
    },
    metadata.metadata,
  );
  diagnostics.push(...resolved.diagnostics);
  if (hasErrors(diagnostics) || resolved.project === null) return done(null);

  // 4. checkExpressions: parse and type-check expressions and filters, decide pushdown
  const exprs = checkExpressions(resolved.project);
  diagnostics.push(...exprs.diagnostics);
  return done(resolved.project, hasErrors(diagnostics) ? null : exprs.checked);
}

// Stages may report absolute paths; reports show them relative to the project root.
function relativeFiles(root: string, diags: readonly Diagnostic[]): Diagnostic[] {
  return diags.map((d) => {
    if (!path.isAbsolute(d.file)) return d;
    const rel = path.relative(root, d.file);
    return rel.startsWith('..') ? d : { ...d, file: rel.split(path.sep).join('/') };
  });
}

// ---------------------------------------------------------------------------------------------
// Back end: lower → emit → check → write.

export interface CompileOptions {
  readonly root: string;
  readonly tenant: string;
  /** Output folder (default <root>/dist/<tenant>). */
  readonly out?: string;
  /** false: build the files in memory only (for --check and --print). Default true. */
  readonly write?: boolean;
}

export interface CompileResult {
  readonly diagnostics: readonly Diagnostic[];
  readonly sources: ReadonlyMap<string, string>;
  readonly outDir: string;
  /** Bundle-relative path -> content (manifest.json included); null when compilation failed. */
  readonly files: ReadonlyMap<string, string> | null;
  /** Per entity mapping, where each filter condition runs. */
  readonly filters: readonly FilterPlacement[];
  /** The lowered IR (frozen plain data); null when an earlier stage failed. */
  readonly ir: IrBundle | null;
}

export interface FilterPlacement {
  readonly mapping: string;
  readonly odata: string | null;
  readonly conditions: readonly {
    readonly text: string;
    readonly where: 'odata+predicate' | 'predicate';
    readonly reason?: string;
  }[];
}

export async function compileProject(opts: CompileOptions): Promise<CompileResult> {
  const outDir = path.resolve(opts.out ?? path.join(opts.root, 'dist', opts.tenant));
  const version = await compilerVersion();
  // 1–4. load, validate, resolve, check expressions (the front end, as `ferry validate`)
  const front = await validateProject({ root: opts.root, tenant: opts.tenant });
  const diagnostics = [...front.diagnostics];
  const fail = (filters: readonly FilterPlacement[] = []): CompileResult => ({
    diagnostics: diagnostics,
    sources: front.sources,
    outDir,
    files: null,
    filters,
    ir: null,
  });
  const { resolved, checked } = front;
  if (resolved === null || checked === null || hasErrors(diagnostics)) return fail();
  const filters = placements(checked);

  try {
    // 5. lower: the IR, deep-frozen plain data with the checked expressions attached
    const ir = lower(checked, version);
    // 6. emit: TypeScript modules from ts-morph structures, code built only through emit/code.ts
    const emitted = emit(ir, { version, lib: LIB_SPECIFIER });
    // 7. check: strict type-check of the generated program, errors mapped back to YAML
    const typeCheck = checkBundle(emitted.ts, outDir);
    diagnostics.push(...relativeFiles(opts.root, typeCheck.diagnostics));
    if (hasErrors(diagnostics)) return fail(filters);
    // 8. write: JS + .d.ts + sources + manifest.json
    const files = bundleFiles(emitted, typeCheck.dts);
    const inputs = await inputHashes(
      opts.root,
      front.project.documents.map((d) => d.file),
      path.join(front.project.tenantDir, 'metadata'),
    );
    const manifest = buildManifest({ version, ir, project: resolved, inputs, files });
    files.set('manifest.json', `${JSON.stringify(manifest, null, 2)}\n`);
    if (opts.write !== false) await writeBundle(outDir, files);
    return { diagnostics, sources: front.sources, outDir, files, filters, ir };
  } catch (error) {
    if (!(error instanceof InternalCompilerError)) throw error;
    diagnostics.push({
      code: error.code,
      severity: 'error',
      file: '',
      pointer: '',
      line: 1,
      col: 1,
      message: error.message,
      hint: EXPR_CODES.internal.hint,
    });
    return fail(filters);
  }
}

function placements(checked: CheckedProject): FilterPlacement[] {
  return [...checked.filters].map(([mapping, f]) => ({
    mapping,
    odata: f.odata,
    conditions: f.conditions.map((c) =>
      c.pushed
        ? { text: c.src.text, where: 'odata+predicate' as const }
        : {
            text: c.src.text,
            where: 'predicate' as const,
            reason: c.push.ok ? 'an `any` condition does not push down, so none does' : c.push.reason,
          },
    ),
  }));
}
