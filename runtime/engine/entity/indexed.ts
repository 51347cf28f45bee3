// An update answered by the key index: one PATCH of the fields the flow writes, or nothing when the live values match.
import type { Json, TargetRecord } from '../../contract.ts';
import type { EntityEnv } from './env.ts';
import { sameContent } from './key-index/content.ts';

/**
 * The body to PATCH, or null when the record already holds it. Without the live values, every written field
 * goes (one call either way).
 */
export function indexedPatch(
  env: EntityEnv,
  full: TargetRecord,
  live: readonly [number, number],
): Record<string, Json> | null {
  const { flow, optoutFields } = env;
  const ignore = new Set([flow.target.key, ...optoutFields]);
  if (sameContent(env.keys.fields, full, live, ignore)) return null;
  const withCreateOnly = env.phase === 'initial' || env.phase === 'replay';
  const skip = new Set([...ignore, ...(withCreateOnly ? [] : flow.createOnly)]);
  const patch = Object.fromEntries(Object.entries(full).filter(([k]) => !skip.has(k)));
  return Object.keys(patch).length === 0 ? null : patch;
}
