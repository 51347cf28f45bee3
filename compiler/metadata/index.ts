// Loads tenants/<t>/metadata/ (layout in tenants/sandbox/metadata/README.md) into TenantMetadata.
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Diagnostic } from '../diagnostics/diagnostic.ts';
import { RESOLVE, type CodeInfo } from '../resolve/codes.ts';
import { ENTITIES_DIR } from '../resolve/completeness.ts';
import { FRONTEND_CODES } from '../diagnostics/codes.ts';
import { readContained } from '../load/contained.ts';
import { parseCampaignResource } from '../../core/metadata/campaign.ts';
import { parseCsdl } from '../../core/metadata/csdl.ts';
import { parseEntityDefinition, type EntityDefinition } from '../../core/metadata/entity-definitions.ts';
import { mergeEntityDefinitions } from '../../core/metadata/merge.ts';
import type { CampaignResource, DynamicsMetadata, TenantMetadata } from '../../core/metadata/model.ts';

export { parseCsdl } from '../../core/metadata/csdl.ts';
export { parseEntityDefinition } from '../../core/metadata/entity-definitions.ts';
export { parseCampaignResource } from '../../core/metadata/campaign.ts';
export { mergeEntityDefinitions } from '../../core/metadata/merge.ts';

export const CSDL_FILE = join('dynamics', 'metadata.xml');
export { ENTITIES_DIR };
export const CAMPAIGN_DIR = 'campaign';

const diag = (
  info: CodeInfo,
  file: string,
  message: string,
  severity: Diagnostic['severity'] = 'error',
): Diagnostic => ({
  code: info.code,
  severity,
  file,
  pointer: '',
  line: 1,
  col: 1,
  message,
  hint: info.hint,
});

// A snapshot file's text; undefined when absent, null when it leads outside `root` (reported here).
const reader =
  (root: string, diagnostics: Diagnostic[]) =>
  async (file: string): Promise<string | undefined | null> => {
    const read = await readContained(root, file);
    if (read.ok) return read.text;
    if (read.reason !== 'outside') return undefined;
    diagnostics.push(
      diag(
        FRONTEND_CODES.outsideProject,
        file,
        `${file} leads outside the project (a symbolic link); it is not read`,
      ),
    );
    return undefined;
  };

const jsonFiles = async (dir: string): Promise<string[]> => {
  try {
    return (await readdir(dir)).filter((f) => f.endsWith('.json')).sort();
  } catch {
    return [];
  }
};

const parseJson = (text: string): { ok: true; value: unknown } | { ok: false; error: string } => {
  try {
    return { ok: true, value: JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text) as unknown };
  } catch (e) {
    return { ok: false, error: e instanceof Error ? e.message : String(e) };
  }
};

const EMPTY_DYNAMICS: DynamicsMetadata = { entities: new Map(), boundActions: new Map() };

/** Reads the snapshots in `dir`; files whose real path leaves `root` (default: `dir`) are refused. */
export async function loadTenantMetadata(
  dir: string,
  root: string = dir,
): Promise<{ metadata: TenantMetadata; diagnostics: Diagnostic[] }> {
  const diagnostics: Diagnostic[] = [];
  const readOptional = reader(root, diagnostics);
  const csdlPath = join(dir, CSDL_FILE);
  const xml = await readOptional(csdlPath);
  let dynamics = EMPTY_DYNAMICS;
  if (xml === undefined) {
    diagnostics.push(
      diag(RESOLVE.metadataMissing, csdlPath, `Dynamics $metadata snapshot not found: ${csdlPath}`),
    );
  } else if (xml !== null) {
    // null: the snapshot leads outside the project, already reported
    const r = parseCsdl(xml);
    if (r.metadata.entities.size === 0)
      diagnostics.push(
        diag(RESOLVE.metadataUnreadable, csdlPath, 'no EntityType found in the $metadata snapshot'),
      );
    for (const w of r.warnings) diagnostics.push(diag(RESOLVE.metadataWarning, csdlPath, w, 'warning'));
    dynamics = r.metadata;
  }

  const defs = new Map<string, EntityDefinition>();
  const entitiesDir = join(dir, ENTITIES_DIR);
  for (const f of await jsonFiles(entitiesDir)) {
    const file = join(entitiesDir, f);
    const text = await readOptional(file);
    if (text === null) continue;
    const parsed = parseJson(text ?? '');
    if (!parsed.ok) {
      diagnostics.push(diag(RESOLVE.metadataUnreadable, file, `invalid JSON: ${parsed.error}`));
      continue;
    }
    const def = parseEntityDefinition(parsed.value);
    defs.set(def.logicalName ?? f.slice(0, -'.json'.length), def);
  }
  const merged = mergeEntityDefinitions(dynamics, defs);
  for (const w of merged.warnings) diagnostics.push(diag(RESOLVE.metadataWarning, entitiesDir, w, 'warning'));

  const resources = new Map<string, CampaignResource>();
  const campaignDir = join(dir, CAMPAIGN_DIR);
  const campaignFiles = await jsonFiles(campaignDir);
  if (campaignFiles.length === 0)
    diagnostics.push(
      diag(RESOLVE.metadataMissing, campaignDir, `no Campaign resource metadata in ${campaignDir}`),
    );
  for (const f of campaignFiles) {
    const file = join(campaignDir, f);
    const text = await readOptional(file);
    if (text === null) continue;
    const parsed = parseJson(text ?? '');
    if (!parsed.ok) {
      diagnostics.push(diag(RESOLVE.metadataUnreadable, file, `invalid JSON: ${parsed.error}`));
      continue;
    }
    const res = parseCampaignResource(parsed.value, f.slice(0, -'.json'.length));
    resources.set(res.name, res);
  }
  return { metadata: { dynamics: merged.metadata, campaign: { resources } }, diagnostics };
}
