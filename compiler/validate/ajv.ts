// Compiles each JSON Schema once (ajv 2020-12, strict) and exposes the raw validators.
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { ErrorObject, ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import mappingSchema from '../../schemas/mapping.schema.json' with { type: 'json' };
import tenantSchema from '../../schemas/tenant.schema.json' with { type: 'json' };

export type SchemaName = 'mapping' | 'tenant';
export const SCHEMAS: Readonly<Record<SchemaName, Record<string, unknown>>> = {
  mapping: mappingSchema,
  tenant: tenantSchema,
};

// ajv-formats is CommonJS with a `default` export; accept either interop shape.
type FormatsPlugin = (ajv: Ajv2020) => Ajv2020;
const addFormats = ((addFormatsModule as unknown as { default?: FormatsPlugin }).default ??
  addFormatsModule) as unknown as FormatsPlugin;

let ajv: Ajv2020 | null = null;
const compiled = new Map<SchemaName, ValidateFunction>();

function instance(): Ajv2020 {
  if (ajv === null) {
    // verbose: errors carry the offending data and schema, which the messages and hints use.
    ajv = new Ajv2020({
      allErrors: true,
      strict: true,
      allowUnionTypes: true,
      discriminator: true,
      verbose: true,
    });
    addFormats(ajv);
  }
  return ajv;
}

export function validator(name: SchemaName): ValidateFunction {
  let fn = compiled.get(name);
  if (!fn) {
    fn = instance().compile(SCHEMAS[name]);
    compiled.set(name, fn);
  }
  return fn;
}

export function rawErrors(name: SchemaName, value: unknown): ErrorObject[] {
  const fn = validator(name);
  return fn(value) ? [] : [...(fn.errors ?? [])];
}
