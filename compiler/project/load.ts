// Finds and loads tenants/<t>/tenant.yaml and the mappings it lists, each schema-validated.
import path from 'node:path';
import type { Diagnostic } from '../diagnostics/diagnostic.ts';
import { hasErrors } from '../diagnostics/diagnostic.ts';
import { FRONTEND_CODES, hintFor } from '../diagnostics/codes.ts';
import { loadYaml } from '../load/yaml.ts';
import type { LoadedYaml } from '../load/types.ts';
import { joinPointer } from '../load/pointer.ts';
import type { Mapping } from '../../core/model/mapping.ts';
import type { TenantFile } from '../../core/model/tenant.ts';
import { validateDocument } from '../validate/index.ts';
import type { SchemaName } from '../validate/index.ts';
import { displayPath, isFile, readText } from './files.ts';
import { applyOverrides } from './overrides.ts';
import { checkSchedule } from './schedule.ts';
import { checkAlerts } from './alerts.ts';
import type { LoadProjectOptions, LoadedProject, ProjectMapping } from './types.ts';

const C = FRONTEND_CODES;

function diagAt(doc: LoadedYaml, pointer: string, key: boolean, code: string, message: string): Diagnostic {
  const pos = doc.position(pointer, { key });
  return {
    code,
    severity: 'error',
    file: doc.file,
    pointer,
    line: pos.line,
    col: pos.col,
    message,
    hint: hintFor(code),
  };
}

const fileDiag = (file: string, code: string, message: string): Diagnostic => ({
  code,
  severity: 'error',
  file,
  pointer: '',
  line: 1,
  col: 1,
  message,
  hint: hintFor(code),
});

/** Reads, parses and validates one file; `doc` is null when it could not be read at all. */
async function loadChecked(
  root: string,
  file: string,
  schema: SchemaName,
): Promise<{ doc: LoadedYaml | null; valid: boolean; diagnostics: Diagnostic[] }> {
  const shown = displayPath(root, file);
  const read = await readText(root, file);
  if (!read.ok) {
    const outside = read.reason === 'outside';
    const code = outside
      ? C.outsideProject.code
      : read.reason === 'ENOENT'
        ? C.fileNotFound.code
        : C.fileUnreadable.code;
    const message = outside
      ? `${shown} leads outside the project (a symbolic link); it is not read`
      : `cannot read ${shown} (${read.reason})`;
    return { doc: null, valid: false, diagnostics: [fileDiag(shown, code, message)] };
  }
  const { doc, diagnostics } = loadYaml(shown, read.text);
  diagnostics.push(...validateDocument(doc, schema));
  return { doc, valid: doc.value !== undefined && !hasErrors(diagnostics), diagnostics };
}

export async function loadProject(opts: LoadProjectOptions): Promise<LoadedProject> {
  const root = path.resolve(opts.root);
  const tenantDir = path.join(root, 'tenants', opts.tenant);
  const base = { root, tenantName: opts.tenant, tenantDir };
  const tenantFile = await loadChecked(root, path.join(tenantDir, 'tenant.yaml'), 'tenant');
  const diagnostics = [...tenantFile.diagnostics];
  const documents: LoadedYaml[] = tenantFile.doc ? [tenantFile.doc] : [];
  if (!tenantFile.doc || !tenantFile.valid)
    return { ...base, tenant: null, mappings: [], documents, diagnostics };
  const tenantDoc = tenantFile.doc;
  const tenant = tenantDoc.value as TenantFile;
  if (tenant.name !== opts.tenant) {
    diagnostics.push(
      diagAt(
        tenantDoc,
        '/name',
        false,
        C.tenantMismatch.code,
        `must be equal to the folder name "${opts.tenant}"; found "${tenant.name}"`,
      ),
    );
  }

  diagnostics.push(...checkAlerts(tenantDoc, tenant));

  const mappings: ProjectMapping[] = [];
  const firstIndex = new Map<string, number>();
  for (const [index, name] of tenant.mappings.entries()) {
    const entry = joinPointer('/mappings', index);
    const prior = firstIndex.get(name);
    if (prior !== undefined) {
      const line = tenantDoc.position(joinPointer('/mappings', prior)).line;
      diagnostics.push(
        diagAt(
          tenantDoc,
          entry,
          false,
          C.duplicateName.code,
          `mapping "${name}" is listed twice (first at line ${line})`,
        ),
      );
      continue;
    }
    firstIndex.set(name, index);
    const local = path.join(tenantDir, 'mappings', `${name}.yaml`);
    const shared = path.join(root, 'mappings', `${name}.yaml`);
    const file = (await isFile(local)) ? local : (await isFile(shared)) ? shared : null;
    if (file === null) {
      const looked = `${displayPath(root, local)} or ${displayPath(root, shared)}`;
      diagnostics.push(
        diagAt(
          tenantDoc,
          entry,
          false,
          C.fileNotFound.code,
          `mapping file not found for "${name}": looked for ${looked}`,
        ),
      );
      continue;
    }
    const loaded = await loadChecked(root, file, 'mapping');
    diagnostics.push(...loaded.diagnostics);
    if (loaded.doc) documents.push(loaded.doc);
    if (!loaded.doc || !loaded.valid) continue;
    const value = loaded.doc.value as Mapping;
    if (value.name !== name) {
      diagnostics.push(
        diagAt(
          loaded.doc,
          '/name',
          false,
          C.nameMismatch.code,
          `must be equal to the file name "${name}"; found "${value.name}"`,
        ),
      );
      continue;
    }
    mappings.push({ doc: loaded.doc, value });
  }
  const applied = applyOverrides(tenantDoc, tenant, mappings);
  diagnostics.push(...applied.diagnostics);
  diagnostics.push(...checkSchedule(tenantDoc, tenant));
  return {
    ...base,
    tenant: { doc: tenantDoc, value: tenant },
    mappings: applied.mappings,
    documents,
    diagnostics,
  };
}
