// Applies tenant.yaml `overrides` to loaded mappings: `enabled: false` drops, `filter` replaces.
import type { Diagnostic } from '../diagnostics/diagnostic.ts';
import { FRONTEND_CODES, hintFor } from '../diagnostics/codes.ts';
import type { LoadedYaml } from '../load/types.ts';
import { joinPointer } from '../load/pointer.ts';
import type { Mapping } from '../../core/model/mapping.ts';
import type { TenantFile } from '../../core/model/tenant.ts';
import type { ProjectMapping } from './types.ts';

export function applyOverrides(
  tenantDoc: LoadedYaml,
  tenant: TenantFile,
  mappings: readonly ProjectMapping[],
): { mappings: ProjectMapping[]; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const overrides = tenant.overrides ?? {};
  const listed = new Set(tenant.mappings);
  const at = (pointer: string, key: boolean, code: string, message: string): Diagnostic => {
    const pos = tenantDoc.position(pointer, { key });
    return {
      code,
      severity: 'error',
      file: tenantDoc.file,
      pointer,
      line: pos.line,
      col: pos.col,
      message,
      hint: hintFor(code),
    };
  };
  for (const name of Object.keys(overrides)) {
    if (!listed.has(name)) {
      const pointer = joinPointer('/overrides', name);
      diagnostics.push(
        at(
          pointer,
          true,
          FRONTEND_CODES.unknownOverride.code,
          `override for "${name}", which is not listed in mappings`,
        ),
      );
    }
  }
  const result: ProjectMapping[] = [];
  for (const entry of mappings) {
    const override = overrides[entry.value.name];
    if (override === undefined) {
      result.push(entry);
      continue;
    }
    if (override.enabled === false) continue;
    if (override.filter === undefined) {
      result.push(entry);
      continue;
    }
    const filterPointer = `${joinPointer('/overrides', entry.value.name)}/filter`;
    if (entry.value.kind !== 'entity') {
      diagnostics.push(
        at(
          filterPointer,
          true,
          FRONTEND_CODES.overrideKind.code,
          `must NOT override filter of "${entry.value.name}": it is an ${entry.value.kind} mapping, filters exist on entity mappings only`,
        ),
      );
      result.push(entry);
      continue;
    }
    const value: Mapping = { ...entry.value, filter: override.filter };
    // The filter text now lives in tenant.yaml: later stages report its errors there.
    result.push({ doc: entry.doc, value, filterSite: { doc: tenantDoc, pointer: filterPointer } });
  }
  return { mappings: result, diagnostics };
}
