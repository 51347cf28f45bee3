// A temporary copy of the sandbox project as a team on Campaign v8 would hold it: `flavor: v8` in the
// tenant file, and (unless told otherwise) Campaign snapshots whose custom filters the admin named for
// the REST API as the Standard name without its `by` prefix (`byCrmId` -> `crmId`).
import { cp, mkdtemp, readFile, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface V8ProjectOptions {
  /** Extra lines appended to the tenant's `campaign:` block (indented by two spaces). */
  readonly campaignLines?: readonly string[];
  /** Keep the Standard snapshots as they are (a team that forgot to pull metadata again). */
  readonly standardSnapshots?: boolean;
  /** Filter names (Standard names) whose "Filter name in REST API" was left empty. */
  readonly unnamed?: readonly string[];
}

/** `/profileAndServicesExt/cusVehicle/byCrmId?crmId_parameter=$value` -> `.../crmId?...`. */
export function v8Data(data: string): string {
  return data.replace(
    /\/by([A-Z])([^/?]*)(\?|$)/,
    (_m, a: string, b: string, q: string) => `/${a.toLowerCase()}${b}${q}`,
  );
}

export async function v8Project(opts: V8ProjectOptions = {}): Promise<string> {
  const root = await mkdtemp(path.join(tmpdir(), 'ferry-v8-'));
  for (const dir of ['mappings', 'schemas'])
    await cp(path.join(ROOT, dir), path.join(root, dir), { recursive: true });
  await cp(path.join(ROOT, 'tenants/sandbox'), path.join(root, 'tenants/sandbox'), {
    recursive: true,
    filter: (src) => !src.includes('.state'),
  });
  const tenant = path.join(root, 'tenants/sandbox/tenant.yaml');
  const lines = ['flavor: v8', ...(opts.campaignLines ?? [])].map((l) => `  ${l}`).join('\n');
  await writeFile(tenant, (await readFile(tenant, 'utf8')).replace(/^mappings:/m, `${lines}\nmappings:`));
  const dir = path.join(root, 'tenants/sandbox/metadata/campaign');
  for (const file of await readdir(dir)) {
    const doc = JSON.parse(await readFile(path.join(dir, file), 'utf8')) as {
      filters?: { content?: Record<string, { category?: string; data?: string }> };
    };
    for (const [name, f] of Object.entries(doc.filters?.content ?? {})) {
      if (opts.unnamed?.includes(name) === true) {
        // Modelled: the filter keeps its parameters but has no REST URL to call it by.
        (f as { params?: string[] }).params = [...new URLSearchParams(f.data?.split('?')[1] ?? '').keys()];
        delete f.data;
      } else if (opts.standardSnapshots !== true && f.category === '10_custom' && f.data)
        f.data = v8Data(f.data);
    }
    await writeFile(path.join(dir, file), `${JSON.stringify(doc, null, 2)}\n`);
  }
  return root;
}
