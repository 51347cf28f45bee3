// What changes when a metadata snapshot (tenants/<t>/metadata/, as relative path -> text) is replaced by
// another: tables, columns, resources and fields added, removed or retyped, and what the new one lacks that
// the old one had (option labels, lengths, entities, filters): a poorer snapshot is never written silently.
import { parseCampaignResource } from './campaign.ts';
import { parseCsdl } from './csdl.ts';
import { parseEntityDefinition } from './entity-definitions.ts';
import { entityFingerprint, resourceFingerprint, type Fingerprint } from './fingerprint.ts';
import { entityLosses, resourceLosses } from './snapshot-loss.ts';

export type SnapshotFiles = ReadonlyMap<string, string>;

export interface SnapshotDiff {
  /** One line per change, e.g. `contact: column ferry_score added (Edm.Int32)`. */
  readonly changes: readonly string[];
  /** What the new snapshot lacks that the old one had; non-empty = poorer. */
  readonly losses: readonly string[];
  /** Tables and Campaign resources with a change or a loss (to name the mappings affected). */
  readonly entities: ReadonlySet<string>;
  readonly resources: ReadonlySet<string>;
}

/** Snapshot-relative paths, always with `/` (callers on Windows normalise). */
export const CSDL_PATH = 'dynamics/metadata.xml';
const ENTITY = /^dynamics\/entities\/([^/]+)\.json$/;
const RESOURCE = /^campaign\/([^/]+)\.json$/;

const json = (text: string): unknown => {
  try {
    return JSON.parse(text.replace(/^\uFEFF/, '')) as unknown;
  } catch {
    return undefined;
  }
};

function compare(
  what: string,
  before: Fingerprint,
  after: Fingerprint,
  noun: string,
  out: string[],
): boolean {
  const start = out.length;
  for (const [k, t] of Object.entries(after))
    if (before[k] === undefined) out.push(`${what}: ${noun} ${k} added (${t})`);
    else if (before[k] !== t) out.push(`${what}: ${noun} ${k} changed type ${before[k]} -> ${t}`);
  for (const [k, t] of Object.entries(before))
    if (after[k] === undefined) out.push(`${what}: ${noun} ${k} removed (was ${t})`);
  return out.length > start;
}

export function diffSnapshot(before: SnapshotFiles, after: SnapshotFiles): SnapshotDiff {
  const changes: string[] = [];
  const losses: string[] = [];
  const entities = new Set<string>();
  const resources = new Set<string>();
  for (const [rel, text] of after) {
    const old = before.get(rel);
    if (old === text) continue;
    if (rel === CSDL_PATH) {
      const a = parseCsdl(text).metadata.entities;
      if (old === undefined) {
        changes.push(`$metadata added (${a.size} tables)`);
        continue;
      }
      const b = parseCsdl(old).metadata.entities;
      for (const [name, e] of a)
        if (!b.has(name)) {
          changes.push(`table ${name} added`);
          entities.add(name);
        } else if (
          compare(name, entityFingerprint(b.get(name) ?? e), entityFingerprint(e), 'column', changes)
        )
          entities.add(name);
      for (const name of b.keys())
        if (!a.has(name)) {
          losses.push(`table ${name} (in the old $metadata, not in the new one)`);
          changes.push(`table ${name} removed`);
          entities.add(name);
        }
      continue;
    }
    const ent = ENTITY.exec(rel)?.[1];
    const res = RESOURCE.exec(rel)?.[1];
    if (ent === undefined && res === undefined) continue;
    if (old === undefined) {
      changes.push(
        `${ent !== undefined ? 'attribute definitions of table' : 'Campaign resource'} ${ent ?? res} added`,
      );
      if (ent !== undefined) entities.add(ent);
      if (res !== undefined) resources.add(res);
      continue;
    }
    if (ent !== undefined) {
      const [b, a] = [parseEntityDefinition(json(old)), parseEntityDefinition(json(text))];
      const types = (d: typeof a): Fingerprint =>
        Object.fromEntries([...d.attributes.values()].map((x) => [x.name, x.attributeType ?? '?']));
      const lost = entityLosses(ent, b, a);
      losses.push(...lost);
      if (compare(ent, types(b), types(a), 'attribute', changes) || lost.length > 0) entities.add(ent);
    } else if (res !== undefined) {
      const [b, a] = [parseCampaignResource(json(old), res), parseCampaignResource(json(text), res)];
      const lost = resourceLosses(res, b, a);
      losses.push(...lost);
      if (compare(res, resourceFingerprint(b), resourceFingerprint(a), 'field', changes) || lost.length > 0)
        resources.add(res);
    }
  }
  return { changes, losses, entities, resources };
}
