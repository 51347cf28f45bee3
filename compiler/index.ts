// The compiler, as the list of its stages. Each stage returns data plus diagnostics; the next
// stage runs only when the previous one produced no errors.
import path from 'node:path';
import type { Diagnostic } from './diagnostics/diagnostic.ts';
import { hasErrors } from './diagnostics/diagnostic.ts';
import { loadProject } from './project/index.ts';
import type { LoadedProject } from './project/index.ts';
import { loadTenantMetadata } from './metadata/index.ts';
import type { ResolvedProject } from './resolve/types.ts';
import type { LoadedYaml } from './load/types.ts';
import type { TenantMetadata } from './metadata/model.ts';
import type { Mapping } from './model/mapping.ts';
import { FRONTEND_CODES } from './diagnostics/codes.ts';

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
  readonly diagnostics: readonly Diagnostic[];
  /** File (as in diagnostics) -> text, for source lines in reports. */
  readonly sources: ReadonlyMap<string, string>;
}

export async function validateProject(opts: ValidateOptions): Promise<ValidateResult> {
  const diagnostics: Diagnostic[] = [];
  const done = (resolved: ResolvedProject | null): ValidateResult => ({
    project,
    resolved,
    diagnostics: relativeFiles(project.root, diagnostics),
    sources: new Map(project.documents.map((d) => [d.file, d.text])),
  });

  // 1. load + validate: tenant.yaml and its mappings, parsed with positions and schema-checked
  const project = await loadProject({ root: opts.root, tenant: opts.tenant });
  diagnostics.push(...project.diagnostics);
  if (hasErrors(diagnostics) || project.tenant === null || opts.schemaOnly === true) return done(null);

  // 2. metadata: the tenant's snapshots of Dynamics and Campaign
  const metadata = await loadTenantMetadata(path.join(project.tenantDir, 'metadata'));
  diagnostics.push(...metadata.diagnostics);
  if (hasErrors(diagnostics)) return done(null);

  // 3. resolve: every name in every mapping bound to the metadata
  const resolved = await resolveStage(project, metadata.metadata);
  diagnostics.push(...resolved.diagnostics);
  if (hasErrors(diagnostics)) return done(null);

  return done(resolved.project);
}

// Stages may report absolute paths; reports show them relative to the project root.
function relativeFiles(root: string, diags: readonly Diagnostic[]): Diagnostic[] {
  return diags.map((d) => {
    if (!path.isAbsolute(d.file)) return d;
    const rel = path.relative(root, d.file);
    return rel.startsWith('..') ? d : { ...d, file: rel.split(path.sep).join('/') };
  });
}

// Seam to the resolve stage (compiler/resolve/index.ts): loaded lazily so the front end works
// before that module exists; this is the only place that knows how resolve is called.
type ResolveProject = (
  input: { tenant: string; tenantDir: string; mappings: readonly { doc: LoadedYaml; value: Mapping }[] },
  metadata: TenantMetadata,
) => { project: ResolvedProject | null; diagnostics: Diagnostic[] };

const RESOLVE_MODULE = './resolve/index.ts';

export async function resolveStage(project: LoadedProject, metadata: TenantMetadata): Promise<{ project: ResolvedProject | null; diagnostics: Diagnostic[] }> {
  let resolveProject: ResolveProject | undefined;
  try {
    resolveProject = ((await import(RESOLVE_MODULE)) as { resolveProject?: ResolveProject }).resolveProject;
  } catch {
    resolveProject = undefined;
  }
  if (resolveProject === undefined) {
    const diagnostic: Diagnostic = { code: FRONTEND_CODES.stageMissing.code, severity: 'warning', file: project.tenant?.doc.file ?? '', pointer: '', line: 1, col: 1, message: 'resolve stage not available: names were not checked against metadata' };
    return { project: null, diagnostics: [diagnostic] };
  }
  return resolveProject({ tenant: project.tenantName, tenantDir: project.tenantDir, mappings: project.mappings }, metadata);
}
