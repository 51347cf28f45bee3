// Turns one ajv error into a Diagnostic: ajv-style "must …" wording, what was found, a hint.
import type { ErrorObject } from 'ajv/dist/2020.js';
import type { Diagnostic } from '../diagnostics/diagnostic.ts';
import { FRONTEND_CODES, hintFor } from '../diagnostics/codes.ts';
import type { LoadedYaml } from '../load/types.ts';
import { joinPointer } from '../load/pointer.ts';
import { describeValue, list, quote, typeWord } from './describe.ts';
import { didYouMean } from '../diagnostics/suggest.ts';

type Schema = Record<string, unknown>;
const C = FRONTEND_CODES;

export interface Draft {
  readonly code: string;
  readonly pointer: string;
  readonly key: boolean;
  readonly message: string;
  readonly hint?: string | undefined;
  /** For unknown keys: the allowed key it is probably a typo of. */
  readonly suggests?: string | undefined;
  /** For missing keys: the key. */
  readonly missing?: string | undefined;
}

export function toDiagnostic(doc: LoadedYaml, draft: Draft): Diagnostic {
  const pos = doc.position(draft.pointer, { key: draft.key });
  const hint = draft.hint ?? hintFor(draft.code);
  return {
    code: draft.code,
    severity: 'error',
    file: doc.file,
    pointer: draft.pointer,
    line: pos.line,
    col: pos.col,
    message: draft.message,
    ...(hint ? { hint } : {}),
  };
}

const schemaOf = (e: ErrorObject): Schema => (e.parentSchema ?? {}) as Schema;
const titleOf = (e: ErrorObject): unknown => schemaOf(e)['title'];
const suggestion = (word: unknown, candidates: readonly string[]): string | undefined =>
  typeof word === 'string' ? didYouMean(word, candidates) : undefined;
const dym = (s: string | undefined): string | undefined =>
  s === undefined ? undefined : `did you mean "${s}"?`;

export function convertOne(e: ErrorObject, root: Schema): Draft {
  const p = e.params as Record<string, unknown>;
  const at = e.instancePath;
  const found = `; found ${describeValue(e.data)}`;
  switch (e.keyword) {
    case 'additionalProperties': {
      const key = String(p['additionalProperty']);
      const allowed = Object.keys((schemaOf(e)['properties'] as Schema | undefined) ?? {});
      const eventTypes = titleOf(e) === 'Event types';
      const guess = suggestion(key, allowed);
      return {
        code: eventTypes ? C.unknownEventType.code : C.unknownKey.code,
        pointer: joinPointer(at, key),
        key: true,
        message: eventTypes
          ? `must NOT have additional property ${quote(key)}: event types are ${list(allowed)}`
          : `must NOT have additional property ${quote(key)}`,
        hint: dym(guess) ?? (allowed.length > 0 ? `allowed keys here: ${list(allowed)}` : undefined),
        suggests: guess,
      };
    }
    case 'required': {
      const missing = String(p['missingProperty']);
      const described = (
        (schemaOf(e)['properties'] as Schema | undefined)?.[missing] as Schema | undefined
      )?.['description'];
      return {
        code: C.missingKey.code,
        pointer: at,
        key: at !== '',
        message: `must have required property ${quote(missing)}`,
        hint: typeof described === 'string' ? `${missing}: ${described}` : undefined,
        missing,
      };
    }
    case 'type':
      return {
        code: C.wrongType.code,
        pointer: at,
        key: false,
        message: `must be ${typeWord(p['type'])}${found}`,
        hint: typeHint(p['type'], e.data),
      };
    case 'enum': {
      const allowed = (p['allowedValues'] as unknown[]).map(String);
      const optout = titleOf(e) === 'Campaign opt-out field';
      return {
        code: optout ? C.optoutField.code : C.notAllowed.code,
        pointer: at,
        key: false,
        message: `must be equal to one of the allowed values: ${list(allowed)}${found}`,
        hint: dym(suggestion(e.data, allowed)),
      };
    }
    case 'const':
      return {
        code: C.notAllowed.code,
        pointer: at,
        key: false,
        message: `must be equal to constant ${JSON.stringify(p['allowedValue'])}${found}`,
        hint: `the only allowed value here is ${JSON.stringify(p['allowedValue'])}`,
      };
    case 'pattern': {
      const description = schemaOf(e)['description'];
      const fixed = typeof e.data === 'string' ? fixForPattern(e.data, String(p['pattern'])) : undefined;
      return {
        code: C.pattern.code,
        pointer: at,
        key: false,
        message: `must match pattern ${quote(String(p['pattern']))}${found}`,
        hint: dym(fixed) ?? (typeof description === 'string' ? description : undefined),
      };
    }
    case 'format':
      return {
        code: C.pattern.code,
        pointer: at,
        key: false,
        message: `must match format ${quote(String(p['format']))}${found}`,
      };
    case 'discriminator':
      return discriminator(e, root);
    default: {
      const scalar = typeof e.data !== 'object' || e.data === null;
      return {
        code: rangeKeywords.has(e.keyword) ? C.outOfRange.code : C.invalid.code,
        pointer: at,
        key: false,
        message: `${e.message ?? 'is invalid'}${scalar ? found : ''}`,
      };
    }
  }
}

const rangeKeywords = new Set([
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'minItems',
  'maxItems',
  'minLength',
  'maxLength',
  'minProperties',
  'maxProperties',
  'uniqueItems',
  'multipleOf',
]);

function typeHint(type: unknown, data: unknown): string | undefined {
  if (type === 'boolean' && typeof data === 'string') return 'write true or false without quotes';
  if ((type === 'integer' || type === 'number') && typeof data === 'string')
    return 'write the number without quotes';
  if (type === 'string' && (typeof data === 'number' || typeof data === 'boolean'))
    return 'quote the value to make it a string';
  if (type === 'array' && (typeof data !== 'object' || data === null))
    return 'write a list: [a, b] or one "- item" per line';
  if (type === 'object' && (data === null || data === undefined))
    return 'write the keys it needs, indented below it, or remove it';
  if (type === 'object' && typeof data !== 'object')
    return 'write a map: { key: value } or "key: value" lines indented below';
  return undefined;
}

// A lowercase/hyphenated variant that satisfies the pattern makes a good suggestion for names.
function fixForPattern(value: string, pattern: string): string | undefined {
  const candidate = value
    .trim()
    .toLowerCase()
    .replace(/[\s_]+/g, '-');
  try {
    return candidate !== value && new RegExp(pattern, 'u').test(candidate) ? candidate : undefined;
  } catch {
    return undefined;
  }
}

// The discriminator only knows the tag; list the kinds from the oneOf branches for the message.
function discriminator(e: ErrorObject, root: Schema): Draft {
  const p = e.params as Record<string, unknown>;
  const kinds = kindsOf(root);
  const tag = String(p['tag']);
  const tagValue = (e.data as Record<string, unknown> | null)?.[tag];
  const pointer = joinPointer(e.instancePath, tag);
  if (p['error'] === 'mapping') {
    return {
      code: C.notAllowed.code,
      pointer,
      key: false,
      message: `must be equal to one of the allowed values: ${list(kinds)}; found ${describeValue(tagValue)}`,
      hint: dym(suggestion(tagValue, kinds)),
    };
  }
  if (tagValue === undefined) {
    return {
      code: C.missingKey.code,
      pointer: e.instancePath,
      key: e.instancePath !== '',
      message: `must have required property ${quote(tag)}`,
      hint: `${tag} is one of ${list(kinds)}`,
    };
  }
  return {
    code: C.wrongType.code,
    pointer,
    key: false,
    message: `must be string; found ${describeValue(tagValue)}`,
    hint: `${tag} is one of ${list(kinds)}`,
  };
}

function kindsOf(root: Schema): string[] {
  const defs = (root['$defs'] ?? {}) as Record<string, Schema>;
  const branches = (root['oneOf'] ?? []) as Schema[];
  return branches.flatMap((b) => {
    const ref = typeof b['$ref'] === 'string' ? b['$ref'].replace('#/$defs/', '') : '';
    const kind = (
      (defs[ref]?.['properties'] as Record<string, Schema> | undefined)?.['kind'] as Schema | undefined
    )?.['const'];
    return typeof kind === 'string' ? [kind] : [];
  });
}
