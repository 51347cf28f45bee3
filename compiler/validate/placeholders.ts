// `ferry init` writes `YOUR-…` where only the user knows the value; such a value is schema-valid
// (a URL, an id) but would reach Entra, IMS or the APIs as is, so validation refuses it, at its position.
import type { Diagnostic } from '../diagnostics/diagnostic.ts';
import { FRONTEND_CODES } from '../diagnostics/codes.ts';
import type { LoadedYaml } from '../load/types.ts';
import { joinPointer } from '../load/pointer.ts';
import { toDiagnostic } from './convert.ts';

/** A scaffolded placeholder: `YOUR-` followed by upper-case words (`YOUR-ORG`, `YOUR-APP-CLIENT-ID`). */
export const PLACEHOLDER = /YOUR-[A-Z0-9]+(?:-[A-Z0-9]+)*/;

/** Every string value of `value` holding a placeholder, as [JSON pointer, placeholder, offset in the string]. */
export function findPlaceholders(value: unknown, pointer = ''): Array<[string, string, number]> {
  if (typeof value === 'string') {
    const m = PLACEHOLDER.exec(value);
    return m ? [[pointer, m[0], m.index]] : [];
  }
  if (Array.isArray(value))
    return value.flatMap((v, i) => findPlaceholders(v, joinPointer(pointer, String(i))));
  if (typeof value === 'object' && value !== null)
    return Object.entries(value).flatMap(([k, v]) => findPlaceholders(v, joinPointer(pointer, k)));
  return [];
}

/** One error per placeholder value left in a tenant file, positioned on the placeholder itself. */
export function placeholderDiagnostics(doc: LoadedYaml): Diagnostic[] {
  return findPlaceholders(doc.value).map(([pointer, found, offset]) => {
    const d = toDiagnostic(doc, {
      code: FRONTEND_CODES.placeholder.code,
      pointer,
      key: false,
      message: `still holds the placeholder ${found} written by \`ferry init\``,
    });
    const at = doc.positionInScalar(pointer, offset);
    return { ...d, line: at.line, col: at.col };
  });
}
