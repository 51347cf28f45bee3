// manifest.json (runtime/contract.ts Manifest): inputs by sha256, metadata fingerprints of exactly
// the fields the bundle uses, flows, the sha256 of every emitted file, and bundleHash over all of it.
import { manifestHash, sha256 } from '../../runtime/bundle/digest.ts';
import { fieldOrigins } from '../resolve/origins.ts';
import type { Manifest, Origin } from '../../runtime/contract.ts';
import { codepointCompare } from '../../runtime/lib/sort.ts';
import type { IrBundle } from '../ir/index.ts';
import { entityFingerprint, resourceFingerprint } from '../../core/metadata/fingerprint.ts';
import type { CampaignResource, DynamicsEntity } from '../../core/metadata/model.ts';
import type { ResolvedProject } from '../resolve/types.ts';

export { sha256 } from '../../runtime/bundle/digest.ts';

const sortObj = <V>(o: Readonly<Record<string, V>>): Record<string, V> =>
  Object.fromEntries(
    Object.keys(o)
      .sort(codepointCompare)
      .map((k) => [k, o[k] as V]),
  );

/** Which metadata fields each flow depends on: `dynamics:<entity>` / `campaign:<resource>` -> fields. */
export function fingerprints(project: ResolvedProject, ir: IrBundle): Manifest['fingerprints'] {
  const used = new Map<string, { meta: DynamicsEntity | CampaignResource; fields: Set<string> }>();
  const add = (meta: DynamicsEntity | CampaignResource, names: Iterable<string>): void => {
    const key = 'logicalName' in meta ? `dynamics:${meta.logicalName}` : `campaign:${meta.name}`;
    const entry = used.get(key) ?? { meta, fields: new Set<string>() };
    for (const n of names) entry.fields.add(n);
    used.set(key, entry);
  };
  for (const m of project.mappings) {
    const flow = ir.flows.find((f) => f.name === m.name);
    if (m.kind === 'entity' && flow?.kind === 'entity') {
      add(m.source, flow.select);
      add(m.target.resource, [
        m.target.key.name,
        ...m.fields.map((f) => f.target),
        ...m.links.map((l) => l.name),
      ]);
    } else if (m.kind === 'events') {
      add(m.contact, [m.contact.primaryKey]);
      for (const t of m.types) {
        add(t.activity, [t.key.name, ...t.fields.map((f) => f.target)]);
        if (t.followUp)
          add(
            t.followUp.activity,
            t.followUp.fields.map((f) => f.target),
          );
      }
    } else if (m.kind === 'optout') {
      add(m.source, [m.source.primaryKey, m.modifiedField.name, ...m.pairs.map((p) => p.dynamics.name)]);
      add(m.target.resource, [m.target.key.name, ...m.pairs.map((p) => p.campaign.name)]);
    }
  }
  const out: Record<string, Record<string, string>> = {};
  for (const [key, { meta, fields }] of used)
    out[key] = 'logicalName' in meta ? entityFingerprint(meta, fields) : resourceFingerprint(meta, fields);
  return sortObj(out);
}

/** YAML positions of the fingerprinted fields a flow uses (drift messages point at them). */
function usedFieldOrigins(
  byKey: Readonly<Record<string, Readonly<Record<string, Origin>>>>,
  prints: Manifest['fingerprints'],
): Record<string, Record<string, Origin>> {
  const out: Record<string, Record<string, Origin>> = {};
  for (const [key, byField] of Object.entries(byKey)) {
    const used = prints[key] ?? {};
    const kept = Object.entries(byField).filter(([field]) => field in used);
    if (kept.length > 0) out[key] = Object.fromEntries(kept.sort(([a], [b]) => codepointCompare(a, b)));
  }
  return sortObj(out);
}

export function buildManifest(args: {
  readonly version: string;
  readonly ir: IrBundle;
  readonly project: ResolvedProject;
  readonly inputs: Readonly<Record<string, string>>;
  readonly files: ReadonlyMap<string, string>;
}): Manifest {
  const paths = [...args.files.keys()].sort(codepointCompare);
  const prints = fingerprints(args.project, args.ir);
  const origins = fieldOrigins(args.project);
  const body: Omit<Manifest, 'bundleHash'> = {
    compilerVersion: args.version,
    tenant: args.ir.tenant,
    inputs: sortObj(args.inputs),
    fingerprints: prints,
    flows: args.ir.flows.map((f) => ({
      name: f.name,
      kind: f.kind,
      module: `${f.module}.js`,
      origin: f.origin,
      fields: usedFieldOrigins(origins[f.name] ?? {}, prints),
    })),
    files: Object.fromEntries(paths.map((p) => [p, sha256(args.files.get(p) ?? '')])),
  };
  return { ...body, bundleHash: manifestHash(body) };
}
