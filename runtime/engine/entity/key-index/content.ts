// What an indexed record is compared on: a hash of the fields the flow writes, live vs. desired.
import type { EntityFlow, Json } from '../../../contract.ts';
import { contentHash } from './hash.ts';

/** Every field a flow may write (mapped, create-only, links), minus the key and opt-out-owned fields; sorted. */
export function contentFields(flow: EntityFlow, optoutFields: ReadonlySet<string>): string[] {
  const all = new Set([...flow.hashFields, ...flow.createOnly, ...flow.links.map((l) => l.name)]);
  return [...all].filter((f) => f !== flow.target.key && !optoutFields.has(f)).sort();
}

/**
 * True when the live record already holds every value of `full` (as far as a hash can say: a body field
 * outside `fields` makes it false, so the worst case is one PATCH too many, never a missed write).
 */
export function sameContent(
  fields: readonly string[],
  full: Readonly<Record<string, Json>>,
  live: readonly [number, number],
  ignore: ReadonlySet<string>,
): boolean {
  const covered = new Set(fields);
  if (Object.keys(full).some((k) => !covered.has(k) && !ignore.has(k))) return false;
  const [hi, lo] = contentHash(fields, (f) => full[f]);
  return hi === live[0] && lo === live[1];
}
