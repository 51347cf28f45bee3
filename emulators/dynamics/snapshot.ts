// Loads the Dynamics part of a tenant metadata folder (tenants/<t>/metadata/dynamics/): the schema that
// drives the emulator, the CSDL bytes it serves as `$metadata`, and the raw EntityDefinitions it serves.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { readJsonFiles } from '../common/snapshot-files.ts';
import { readCsdl } from './schema/csdl.ts';
import { applyEntityDefinitions, definitionName } from './schema/entity-definitions.ts';
import type { OrgSchema } from './schema/model.ts';

export interface DynamicsSnapshot {
  readonly metadata: OrgSchema;
  readonly csdlXml: string;
  readonly entityDefinitions: Map<string, unknown>;
}

/** `dir` is the tenant's metadata folder; the layout is described in tenants/sandbox/metadata/README.md. */
export async function loadDynamicsSnapshot(dir: string): Promise<DynamicsSnapshot> {
  const csdlXml = await readFile(join(dir, 'dynamics', 'metadata.xml'), 'utf8');
  const entityDefinitions = new Map<string, unknown>();
  for (const f of await readJsonFiles(join(dir, 'dynamics', 'entities')))
    entityDefinitions.set(definitionName(f.json, f.stem), f.json);
  const metadata = applyEntityDefinitions(readCsdl(csdlXml), entityDefinitions);
  return { metadata, csdlXml, entityDefinitions };
}
