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
  const resolved = resolveProject({ tenant: project.tenantName, tenantDir: project.tenantDir, mappings: project.mappings }, metadata.metadata);
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
