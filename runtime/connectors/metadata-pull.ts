// `ferry metadata pull`: save live metadata in the snapshot layout of tenants/<t>/metadata/README.md.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { CampaignTarget } from '../contract.ts';
import { parseJson } from '../http/errors.ts';
import type { CampaignConnector } from './campaign/connector.ts';
import type { DynamicsConnector } from './dynamics/connector.ts';

/** Attribute types whose option sets only come back through a typed cast. */
const OPTION_SET_CASTS = [
  'PicklistAttributeMetadata',
  'StateAttributeMetadata',
  'StatusAttributeMetadata',
  'BooleanAttributeMetadata',
  'MultiSelectPicklistAttributeMetadata',
];

type Json = Record<string, unknown>;

const pretty = (v: unknown): string => `${JSON.stringify(v, null, 2)}\n`;

async function getJson(d: DynamicsConnector, path: string, what: string): Promise<Json> {
  return parseJson<Json>(await d.http.get(d.http.url(path), undefined, what), what);
}

/** EntityDefinitions of one table with every option set merged into its attribute. */
export async function entityDefinition(d: DynamicsConnector, logicalName: string): Promise<Json> {
  const key = `EntityDefinitions(LogicalName='${logicalName.replace(/'/g, "''")}')`;
  const def = await getJson(
    d,
    `${key}?$select=LogicalName,EntitySetName,ChangeTrackingEnabled&$expand=Attributes`,
    `EntityDefinitions ${logicalName}`,
  );
  // Some servers (the emulator among them) answer without the expansion: read the Attributes collection itself.
  const attributes = Array.isArray(def.Attributes)
    ? (def.Attributes as Json[])
    : (((await getJson(d, `${key}/Attributes`, `Attributes of ${logicalName}`)).value as
        Json[] | undefined) ?? []);
  const byName = new Map(attributes.map((a) => [String(a.LogicalName), a]));
  for (const cast of OPTION_SET_CASTS) {
    const expand =
      cast.startsWith('Boolean') || cast.startsWith('State') || cast.startsWith('Status')
        ? 'OptionSet'
        : 'OptionSet,GlobalOptionSet';
    const res = await getJson(
      d,
      `${key}/Attributes/Microsoft.Dynamics.CRM.${cast}?$select=LogicalName&$expand=${expand}`,
      `${cast} of ${logicalName}`,
    );
    for (const a of (res.value as Json[] | undefined) ?? []) {
      const target = byName.get(String(a.LogicalName));
      if (!target) continue;
      if (a.OptionSet !== undefined) target.OptionSet = a.OptionSet;
      if (a.GlobalOptionSet !== undefined) target.GlobalOptionSet = a.GlobalOptionSet;
    }
  }
  const { ['@odata.context']: _ctx, ...rest } = def;
  return { ...rest, Attributes: attributes };
}

/** resourceType with its filters inlined (the real API only gives `filters.href`). */
export async function campaignResourceType(
  c: CampaignConnector,
  target: Pick<CampaignTarget, 'resource' | 'path'>,
): Promise<Json> {
  const doc = (await c.resourceType(target)) as Json;
  const filters = doc.filters as { href?: unknown; content?: unknown } | undefined;
  if (filters && filters.content === undefined && typeof filters.href === 'string') {
    const listed = (await c.getHref(filters.href)) as Json;
    return { ...doc, filters: { href: filters.href, content: (listed.content as unknown) ?? listed } };
  }
  return doc;
}

export interface PullResult {
  readonly files: readonly string[];
}

/** What to read: either side may be left out (`metadata pull --dynamics` / `--campaign`). */
export interface PullSides {
  readonly dynamics?: DynamicsConnector;
  readonly campaign?: CampaignConnector;
}

/** The snapshot files (relative path with `/` -> text) for the given tables and resources, written nowhere. */
export async function collectMetadata(
  sides: PullSides,
  entities: readonly string[],
  resources: readonly Pick<CampaignTarget, 'resource' | 'path'>[],
): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  if (sides.dynamics) {
    files.set('dynamics/metadata.xml', await sides.dynamics.fetchMetadataXml());
    for (const e of [...new Set(entities)].sort())
      files.set(`dynamics/entities/${e}.json`, pretty(await entityDefinition(sides.dynamics, e)));
  }
  if (sides.campaign)
    for (const r of resources)
      files.set(`campaign/${r.resource}.json`, pretty(await campaignResourceType(sides.campaign, r)));
  return files;
}

/** Writes snapshot files below `outDir`, creating folders; returns the paths in the OS's spelling. */
export async function writeSnapshot(outDir: string, files: ReadonlyMap<string, string>): Promise<string[]> {
  const written: string[] = [];
  for (const [rel, text] of files) {
    const path = join(outDir, ...rel.split('/'));
    await mkdir(join(path, '..'), { recursive: true });
    await writeFile(path, text);
    written.push(join(...rel.split('/')));
  }
  return written;
}

export async function pullMetadata(
  conn: { readonly dynamics: DynamicsConnector; readonly campaign: CampaignConnector },
  entities: readonly string[],
  resources: readonly Pick<CampaignTarget, 'resource' | 'path'>[],
  outDir: string,
): Promise<PullResult> {
  return { files: await writeSnapshot(outDir, await collectMetadata(conn, entities, resources)) };
}
