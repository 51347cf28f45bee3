// The validate stage: a loaded YAML document checked against its JSON Schema, as diagnostics.
import type { Diagnostic } from '../diagnostics/diagnostic.ts';
import { FRONTEND_CODES } from '../diagnostics/codes.ts';
import type { LoadedYaml } from '../load/types.ts';
import { SCHEMAS, rawErrors } from './ajv.ts';
import type { SchemaName } from './ajv.ts';
import { toDiagnostic } from './convert.ts';
import { toDrafts } from './filter.ts';
import { describeValue } from './describe.ts';
import { placeholderDiagnostics } from './placeholders.ts';

export type { SchemaName } from './ajv.ts';

/** Validates `doc.value` against a schema. Documents that failed to load yield nothing (already reported). */
export function validateDocument(doc: LoadedYaml, schema: SchemaName): Diagnostic[] {
  if (doc.value === undefined) return [];
  if (typeof doc.value !== 'object' || doc.value === null || Array.isArray(doc.value)) {
    const what = doc.value === null ? 'the file is empty' : `found ${describeValue(doc.value)}`;
    return [
      toDiagnostic(doc, {
        code: FRONTEND_CODES.notAnObject.code,
        pointer: '',
        key: false,
        message: `must be a map of keys (${schema} file); ${what}`,
      }),
    ];
  }
  try {
    const found = toDrafts(rawErrors(schema, doc.value), SCHEMAS[schema]).map((d) => toDiagnostic(doc, d));
    // A tenant file must name real services: scaffolded YOUR-… values are refused after the schema.
    return schema === 'tenant' ? [...found, ...placeholderDiagnostics(doc)] : found;
  } catch (error) {
    // ajv itself failing on a value is a bug, but it must not crash the CLI: report it.
    const message = error instanceof Error ? error.message : String(error);
    return [
      toDiagnostic(doc, {
        code: FRONTEND_CODES.invalid.code,
        pointer: '',
        key: false,
        message: `cannot validate: ${message}`,
      }),
    ];
  }
}

export const validateMapping = (doc: LoadedYaml): Diagnostic[] => validateDocument(doc, 'mapping');
export const validateTenant = (doc: LoadedYaml): Diagnostic[] => validateDocument(doc, 'tenant');
