// Loads a tenant metadata folder (tenants/<t>/metadata) into emulator options: model, CSDL bytes, raw definitions.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CSDL_FILE, ENTITIES_DIR, loadTenantMetadata } from '../../compiler/metadata/index.ts';
import type { TenantMetadata } from '../../core/metadata/model.ts';

export interface DynamicsSnapshot {
  readonly metadata: TenantMetadata;
  readonly csdlXml: string;
  readonly entityDefinitions: Map<string, unknown>;
}

export async function loadDynamicsSnapshot(dir: string): Promise<DynamicsSnapshot> {
  const { metadata } = await loadTenantMetadata(dir);
  const csdlXml = await readFile(join(dir, CSDL_FILE), 'utf8');
  const entityDefinitions = new Map<string, unknown>();
  let files: string[] = [];
  try {
    files = (await readdir(join(dir, ENTITIES_DIR))).filter((f) => f.endsWith('.json')).sort();
  } catch {
    files = [];
  }
  for (const f of files) {
    const text = await readFile(join(dir, ENTITIES_DIR, f), 'utf8');
    const json = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text) as Record<string, unknown>;
    const name = typeof json['LogicalName'] === 'string' ? json['LogicalName'] : f.slice(0, -'.json'.length);
    entityDefinitions.set(name, json);
  }
  return { metadata, csdlXml, entityDefinitions };
}
