// Loads the Campaign part of a tenant metadata folder (tenants/<t>/metadata/campaign/<resource>.json):
// the resources the emulator serves, and the raw resourceType documents its metadata routes return.
import { join } from 'node:path';
import { readJsonFiles } from '../common/snapshot-files.ts';
import type { CampaignSchema, ResourceDef } from './model.ts';
import { readResourceType } from './resource-type.ts';

export interface CampaignSnapshot {
  readonly metadata: CampaignSchema;
  /** Raw resourceType JSON by resource name (the emulator rebases their hrefs). */
  readonly resourceTypes: Map<string, unknown>;
}

export async function loadCampaignSnapshot(dir: string): Promise<CampaignSnapshot> {
  const resources = new Map<string, ResourceDef>();
  const resourceTypes = new Map<string, unknown>();
  for (const f of await readJsonFiles(join(dir, 'campaign'))) {
    const resource = readResourceType(f.json, f.stem);
    resources.set(resource.name, resource);
    resourceTypes.set(resource.name, f.json);
  }
  return { metadata: { resources }, resourceTypes };
}
