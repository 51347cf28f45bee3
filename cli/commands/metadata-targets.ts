// Which tables and Campaign resources a tenant's mappings read or write, and where each resource lives.
import path from 'node:path';
import type { Mapping } from '../../core/model/mapping.ts';

/** Campaign endpoint of a resource without a compiled bundle: profile and cus* under profileAndServicesExt, others customResources. */
export function resourcePath(resource: string): string {
  return resource === 'profile' || resource.startsWith('cus')
    ? `profileAndServicesExt/${resource}`
    : `customResources/${resource}`;
}

/** Resource paths known from a compiled bundle (exact), when there is one. */
export async function knownPaths(bundleDir: string): Promise<ReadonlyMap<string, string>> {
  try {
    const { loadBundle } = await import('../../runtime/bundle/load.ts');
    const { bundle } = await loadBundle(bundleDir);
    return new Map(
      bundle.flows.flatMap((f) => (f.kind === 'events' ? [] : [[f.target.resource, f.target.path] as const])),
    );
  } catch {
    return new Map();
  }
}

/** The compiled bundle's Campaign targets with the key filter each calls (none without a bundle). */
export async function knownTargets(
  bundleDir: string,
): Promise<{ resource: string; path: string; filter: string; filterParam: string }[]> {
  try {
    const { loadBundle } = await import('../../runtime/bundle/load.ts');
    const { bundle } = await loadBundle(bundleDir);
    const seen = new Map<string, { resource: string; path: string; filter: string; filterParam: string }>();
    for (const f of bundle.flows) {
      if (f.kind === 'events') continue;
      const { resource, path: p, filter, filterParam } = f.target;
      seen.set(`${resource}\u0000${filter}`, { resource, path: p, filter, filterParam });
    }
    return [...seen.values()];
  } catch {
    return [];
  }
}

/** The bundle folder of a tenant. */
export const bundleDir = (root: string, tenant: string): string => path.join(root, 'dist', tenant);

/** Tables and resources the mappings use. Events also need the contact table and follow-up activity tables. */
export function metadataTargets(
  mappings: readonly Mapping[],
  paths: ReadonlyMap<string, string> = new Map(),
): { entities: string[]; resources: { resource: string; path: string }[] } {
  const entities = new Set<string>();
  const resources = new Set<string>();
  for (const m of mappings) {
    if (m.kind === 'events') {
      entities.add(m.contact.entity);
      for (const t of Object.values(m.types)) {
        entities.add(t.activity);
        if (t.followUp) entities.add(t.followUp.activity);
      }
    } else {
      entities.add(m.source.entity);
      resources.add(m.target.resource);
    }
  }
  return {
    entities: [...entities].sort(),
    resources: [...resources].sort().map((r) => ({ resource: r, path: paths.get(r) ?? resourcePath(r) })),
  };
}
