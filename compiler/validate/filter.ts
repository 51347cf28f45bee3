// Cuts ajv's error cascades down to what a user needs: secrets, anyOf/oneOf branches, duplicates.
import type { ErrorObject } from 'ajv/dist/2020.js';
import { FRONTEND_CODES } from '../diagnostics/codes.ts';
import { joinPointer } from '../load/pointer.ts';
import { convertOne } from './convert.ts';
import type { Draft } from './convert.ts';
import { list, quote } from './describe.ts';

const C = FRONTEND_CODES;
const SECRET_MESSAGE = 'secret must be a reference {env: NAME} or {file: PATH}, not a literal';
const isMap = (v: unknown): boolean => typeof v === 'object' && v !== null && !Array.isArray(v);
const under = (path: string, base: string): boolean => path === base || path.startsWith(`${base}/`);
const title = (e: ErrorObject): unknown => (e.parentSchema as Record<string, unknown> | undefined)?.['title'];

export function toDrafts(errors: readonly ErrorObject[], root: Record<string, unknown>): Draft[] {
  const drafts: Draft[] = [];
  // A literal where a secret reference belongs: one dedicated message, never the value itself.
  const secretPaths = new Set(
    errors.filter((e) => title(e) === 'Secret reference' && !isMap(e.data)).map((e) => e.instancePath),
  );
  for (const path of secretPaths)
    drafts.push({ code: C.secretLiteral.code, pointer: path, key: false, message: SECRET_MESSAGE });
  const live = errors.filter(
    (e) => ![...secretPaths].some((s) => under(e.instancePath, s)) && e.keyword !== 'propertyNames',
  );

  const consumed = new Set<ErrorObject>();
  for (const e of live) {
    if (e.keyword !== 'anyOf' && e.keyword !== 'oneOf') continue;
    const branches = live.filter(
      (b) => b !== e && b.instancePath === e.instancePath && b.schemaPath.startsWith(`${e.schemaPath}/`),
    );
    const passing = (e.params as { passingSchemas?: unknown }).passingSchemas;
    const keys = branches
      .filter((b) => b.keyword === 'required')
      .map((b) => String((b.params as { missingProperty: unknown }).missingProperty));
    if (Array.isArray(passing)) {
      const options = requiredOptions(e);
      drafts.push({
        code: C.exactlyOne.code,
        pointer: e.instancePath,
        key: e.instancePath !== '',
        message: `must have exactly one of the properties ${list(options)}; found more than one`,
      });
    } else if (branches.length > 0 && keys.length === branches.length) {
      const field = title(e) === 'Field';
      drafts.push({
        code: field ? C.fieldSource.code : C.missingKey.code,
        pointer: e.instancePath,
        key: e.instancePath !== '',
        message: `must have ${e.keyword === 'anyOf' ? 'at least' : 'exactly'} one of the properties ${list(keys)}`,
      });
      branches.forEach((b) => consumed.add(b));
    } else if (live.some((o) => o !== e && !consumed.has(o) && under(o.instancePath, e.instancePath))) {
      // the branch errors already say what is wrong; "must match a schema in anyOf" adds nothing
    } else {
      drafts.push(convertOne(e, root));
    }
    consumed.add(e);
  }

  for (const e of live) {
    if (consumed.has(e)) continue;
    const draft = convertOne(e, root);
    drafts.push(
      e.propertyName === undefined
        ? draft
        : {
            ...draft,
            pointer: joinPointer(e.instancePath, e.propertyName),
            key: true,
            message: `key ${quote(e.propertyName)} ${draft.message}`,
          },
    );
  }
  return dedupe(dropSourceCascade(drafts));
}

// `{ form: x }` reports the unknown key; "needs from/expr/value" on the same field is its echo.
// Likewise `tenantid:` for `tenantId:` reports the typo once, not also the missing key.
function dropSourceCascade(drafts: readonly Draft[]): Draft[] {
  const unknown = drafts.filter((d) => d.code === C.unknownKey.code);
  const parentOf = (pointer: string): string => pointer.slice(0, pointer.lastIndexOf('/'));
  const unknownParents = new Set(unknown.map((d) => parentOf(d.pointer)));
  const typoFor = new Set(
    unknown
      .filter((d) => d.suggests !== undefined)
      .map((d) => `${parentOf(d.pointer)}\u0000${d.suggests ?? ''}`),
  );
  return drafts.filter((d) => {
    if (d.code === C.fieldSource.code) return !unknownParents.has(d.pointer);
    if (d.code === C.missingKey.code && d.missing !== undefined)
      return !typoFor.has(`${d.pointer}\u0000${d.missing}`);
    return true;
  });
}

function requiredOptions(e: ErrorObject): string[] {
  const branches = ((e.parentSchema as Record<string, unknown> | undefined)?.['oneOf'] ?? []) as {
    required?: string[];
  }[];
  return branches.flatMap((b) => b.required ?? []);
}

// One message per place: a wrong type makes pattern/format/enum errors at the same spot noise.
const VALUE_CODES = new Set([
  C.wrongType.code,
  C.notAllowed.code,
  C.pattern.code,
  C.outOfRange.code,
  C.optoutField.code,
]);
function dedupe(drafts: readonly Draft[]): Draft[] {
  const seen = new Set<string>();
  const valueAt = new Set<string>();
  const ordered = [...drafts].sort((a, b) => rank(a) - rank(b));
  const kept: Draft[] = [];
  for (const d of ordered) {
    const id = `${d.pointer}\u0000${d.key}\u0000${d.code}\u0000${d.message}`;
    if (seen.has(id)) continue;
    seen.add(id);
    if (VALUE_CODES.has(d.code) && !d.key) {
      if (valueAt.has(d.pointer)) continue;
      valueAt.add(d.pointer);
    }
    kept.push(d);
  }
  return kept;
}
const rank = (d: Draft): number => (d.code === C.wrongType.code ? 0 : 1);
