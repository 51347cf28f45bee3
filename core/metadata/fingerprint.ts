// Field -> type maps of what a bundle depends on; the manifest stores them, the runtime compares live metadata (drift).
import type { CampaignResource, DynamicsEntity } from './model.ts';

export type Fingerprint = Readonly<Record<string, string>>;

const sorted = (entries: Iterable<readonly [string, string]>): Fingerprint =>
  Object.fromEntries([...entries].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));

/** Attribute name -> Edm type, optionally restricted to the columns a bundle uses. */
export const entityFingerprint = (entity: DynamicsEntity, only?: Iterable<string>): Fingerprint => {
  const names = only ? new Set(only) : undefined;
  return sorted(
    [...entity.attributes.values()]
      .filter((a) => !names || names.has(a.name))
      .map((a) => [a.name, a.type] as const),
  );
};

/** Field name -> Campaign type (`link:<target>` for links). */
export const resourceFingerprint = (resource: CampaignResource, only?: Iterable<string>): Fingerprint => {
  const names = only ? new Set(only) : undefined;
  return sorted(
    [...resource.fields.values()]
      .filter((f) => !names || names.has(f.name))
      .map((f) => [f.name, f.type === 'link' && f.target ? `link:${f.target}` : f.type] as const),
  );
};

export const fingerprint = (x: DynamicsEntity | CampaignResource, only?: Iterable<string>): Fingerprint =>
  'logicalName' in x ? entityFingerprint(x, only) : resourceFingerprint(x, only);

export interface Drift {
  readonly field: string;
  readonly expected: string;
  /** undefined = the field disappeared. */
  readonly actual?: string;
}

/** Fields of `expected` that are missing from `actual` or changed type. Extra live fields are not drift. */
export const diffFingerprint = (expected: Fingerprint, actual: Fingerprint): Drift[] =>
  Object.entries(expected).flatMap(([field, type]) => {
    const live = actual[field];
    if (live === type) return [];
    return [live === undefined ? { field, expected: type } : { field, expected: type, actual: live }];
  });
