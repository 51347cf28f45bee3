// Campaign metadata for the sandbox: tenants/sandbox/metadata snapshots (model + raw resourceType JSON).
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { loadTenantMetadata } from '../../compiler/metadata/index.ts';
import type { TenantMetadata } from '../../core/metadata/model.ts';

export interface SandboxMetadata {
  readonly tenant: TenantMetadata;
  /** Raw resourceType JSON by resource name (the Campaign emulator rebases their hrefs). */
  readonly resourceTypes: Map<string, unknown>;
}

export async function loadSandboxMetadata(dir: string): Promise<SandboxMetadata> {
  const { metadata } = await loadTenantMetadata(dir);
  const resourceTypes = new Map<string, unknown>();
  const campaignDir = join(dir, 'campaign');
  for (const f of (await readdir(campaignDir).catch(() => [])).filter((x) => x.endsWith('.json')).sort()) {
    const json = JSON.parse(await readFile(join(campaignDir, f), 'utf8')) as { name?: string };
    resourceTypes.set(json.name ?? f.slice(0, -'.json'.length), json);
  }
  return { tenant: metadata, resourceTypes };
}
