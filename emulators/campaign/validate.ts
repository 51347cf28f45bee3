// Validates a POST/PATCH body against the resource metadata: unknown, read-only, type, length, enum, dataPolicy, links.
import type { FieldDef, ResourceDef } from './model.ts';
import type { Json } from '../common/json.ts';
import { EngineError, invalidConstant, invalidProperty } from './errors.ts';
import type { Fields } from './table.ts';
import { campaignTimestamp, isDate, parseDateTime } from './time.ts';

export interface ValidateContext {
  /** False under /profileAndServices, where `cus*` fields are hidden. */
  readonly ext: boolean;
  /** True when the PKey exists in the link's target resource. */
  linkExists(target: string, pkey: string): boolean;
  /** Campaign v8: a link given as an object of fields creates that record; returns its PKey. */
  createLinked?(target: string, body: Record<string, Json>): string;
}

// Email dataPolicy (reference §5): a pragmatic address check; the exact Campaign rule is not published.
const EMAIL = /^[^\s@"(),:;<>[\\\]]+@[^\s@"(),:;<>[\\\]]+\.[^\s@"(),:;<>[\\\]]{2,}$/;
const INT_RANGE: Record<string, [number, number]> = {
  byte: [-128, 127],
  short: [-32768, 32767],
  long: [-2147483648, 2147483647],
  int64: [Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER],
};

export const isVisible = (name: string, ext: boolean): boolean => ext || !name.startsWith('cus');

function bad(field: FieldDef, value: Json): EngineError {
  return new EngineError(
    `The value '${JSON.stringify(value)}' is not valid for the '${field.name}' property (type '${field.type}')`,
  );
}

function checkValue(field: FieldDef, value: Json, ctx: ValidateContext): Json {
  if (value === null) return null;
  if (field.values && field.values.length > 0) {
    // Enum encoding (names vs numbers) is unverified; the emulator accepts the names its metadata lists.
    if (typeof value !== 'string' || !field.values.includes(value))
      return fail(invalidConstant(String(value)));
    return value;
  }
  switch (field.type) {
    case 'string':
    case 'memo':
    case 'uuid': {
      if (typeof value !== 'string') throw bad(field, value);
      if (field.length !== undefined && [...value].length > field.length) {
        throw new EngineError(
          `The value of the '${field.name}' property exceeds the maximum length (${field.length})`,
        );
      }
      if (field.name === 'email' && value !== '' && !EMAIL.test(value))
        throw new EngineError(`Invalid email address '${value}'`);
      return value;
    }
    case 'boolean':
      if (typeof value !== 'boolean') throw bad(field, value);
      return value;
    case 'byte':
    case 'short':
    case 'long':
    case 'int64': {
      const [lo, hi] = INT_RANGE[field.type] ?? [0, 0];
      if (typeof value !== 'number' || !Number.isInteger(value) || value < lo || value > hi)
        throw bad(field, value);
      return value;
    }
    case 'float':
    case 'double':
      if (typeof value !== 'number' || !Number.isFinite(value)) throw bad(field, value);
      return value;
    case 'date':
      if (typeof value !== 'string' || !isDate(value)) throw bad(field, value);
      return value;
    case 'datetime': {
      const ms = typeof value === 'string' ? parseDateTime(value) : undefined;
      if (ms === undefined) throw bad(field, value);
      return campaignTimestamp(ms);
    }
    case 'link': {
      const node = typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, Json>) : {};
      if (node.PKey === undefined && ctx.createLinked && Object.keys(node).length > 0)
        return { PKey: ctx.createLinked(field.target ?? '', node) };
      const pkey = node.PKey;
      if (typeof pkey !== 'string') throw bad(field, value);
      if (!ctx.linkExists(field.target ?? '', pkey)) throw invalidConstant(pkey);
      return { PKey: pkey };
    }
    default:
      return value;
  }
}

function fail(e: EngineError): never {
  throw e;
}

/** Returns the normalised subset of fields to write; throws EngineError on the first problem. */
export function validateBody(resource: ResourceDef, body: unknown, ctx: ValidateContext): Fields {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw new EngineError('The request body must be a JSON object');
  const out: Fields = {};
  for (const [name, value] of Object.entries(body as Record<string, Json>)) {
    const field = resource.fields.get(name);
    if (!field || !isVisible(name, ctx.ext) || name === 'PKey') throw invalidProperty(name, resource.name);
    if (field.readOnly) throw new EngineError(`Cannot update the '${name}' property that is read-only`);
    out[name] = checkValue(field, value, ctx);
  }
  return out;
}
