// What the project loader returns: validated tenant and mapping documents.
import type { Diagnostic } from '../diagnostics/diagnostic.ts';
import type { LoadedYaml } from '../load/types.ts';
import type { Mapping } from '../../core/model/mapping.ts';
import type { TenantFile } from '../../core/model/tenant.ts';

export interface ProjectMapping {
  readonly doc: LoadedYaml;
  readonly value: Mapping;
  /**
   * Set when tenant.yaml overrides the filter: where the filter's conditions were written
   * (resolve should report filter errors at `filterSite.doc` / `filterSite.pointer` + `/all/0` …).
   */
  readonly filterSite?: { readonly doc: LoadedYaml; readonly pointer: string };
}

export interface LoadedProject {
  /** Absolute project root. */
  readonly root: string;
  readonly tenantName: string;
  /** Absolute tenants/<t> folder. */
  readonly tenantDir: string;
  /** null when tenant.yaml is missing or invalid. */
  readonly tenant: { readonly doc: LoadedYaml; readonly value: TenantFile } | null;
  /** Valid, enabled mappings in the order tenant.yaml lists them. */
  readonly mappings: readonly ProjectMapping[];
  /** Every YAML document read, valid or not (for source lines in reports). */
  readonly documents: readonly LoadedYaml[];
  readonly diagnostics: readonly Diagnostic[];
}

export interface LoadProjectOptions {
  /** Project root (the folder holding tenants/ and mappings/). */
  readonly root: string;
  readonly tenant: string;
}
