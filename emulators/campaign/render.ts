// Wire rendering of records and resourceType metadata documents.
import type { ResourceDef } from './model.ts';
import type { Json } from '../common/json.ts';
import type { Row } from './table.ts';
import { isVisible } from './validate.ts';

export interface RenderContext {
  /** `<server>/<ORG>/campaign`. */
  readonly base: string;
  /** Path root used by the request: `profileAndServices`, `profileAndServicesExt` or `customResources`. */
  readonly root: string;
  readonly ext: boolean;
  /** Where a resource lives (for link hrefs). */
  pathOf(resource: string): string | undefined;
  /** Campaign v8: fields the migration dropped, answered blank. */
  blankFields?(resource: ResourceDef): Record<string, Json>;
}

/** The collection path a request under `root` uses for `resource`. */
export function collectionPath(resource: ResourceDef, root: string): string {
  return resource.name === 'profile' ? `${root}/profile` : resource.path;
}

export function renderRecord(resource: ResourceDef, row: Row, ctx: RenderContext): Record<string, Json> {
  const href = `${ctx.base}/${collectionPath(resource, ctx.root)}/${row.pkey}`;
  const out: Record<string, Json> = { PKey: row.pkey, href };
  for (const [name, value] of Object.entries(row.fields)) {
    if (!isVisible(name, ctx.ext)) continue;
    const field = resource.fields.get(name);
    if (field?.type === 'link' && value !== null && typeof value === 'object' && !Array.isArray(value)) {
      const pkey = (value as { PKey?: Json }).PKey;
      const target = ctx.pathOf(field.target ?? '');
      // Link nodes carry an href to follow (reference §2 "URLs"); PKey kept for convenience (inference).
      out[name] =
        target && typeof pkey === 'string' ? { PKey: pkey, href: `${ctx.base}/${target}/${pkey}` } : value;
    } else {
      out[name] = value;
    }
  }
  Object.assign(out, ctx.blankFields?.(resource));
  if (resource.name === 'profile') out.subscriptions = { href: `${href}/subscriptions/` };
  return out;
}

/** resourceType document (metadata-mechanism.md) built from the model when no raw snapshot exists. */
export function renderResourceType(resource: ResourceDef, ctx: RenderContext): Record<string, Json> {
  const content: Record<string, Json> = {};
  for (const f of resource.fields.values()) {
    if (!isVisible(f.name, ctx.ext)) continue;
    content[f.name] = {
      apiName: f.name,
      type: f.type,
      ...(f.length !== undefined ? { length: f.length } : {}),
      ...(f.values ? { values: [...f.values] } : {}),
      ...(f.type === 'link' ? { resType: 'link', resTarget: f.target ?? '' } : {}),
      ...(f.name === 'email' ? { dataPolicy: 'email' } : {}),
      readOnly: f.readOnly,
      mandatory: f.mandatory,
      sortable: f.type !== 'link',
    };
  }
  const path = collectionPath(resource, ctx.root);
  const filters: Record<string, Json> = {};
  for (const flt of resource.filters.values()) {
    if (!ctx.ext && !['byEmail', 'byText'].includes(flt.name)) continue;
    filters[flt.name] = {
      data: `/${path}/${flt.name}?${flt.params.map((p) => `${p}=$value`).join('&')}`,
      label: flt.name,
    };
  }
  return {
    content,
    data: `/${path}/`,
    filters: { href: `${ctx.base}/${ctx.root}/resourceType/${resource.name}/filters`, content: filters },
    keys: Object.fromEntries(resource.keys.map((k, i) => [`key${i}`, { fields: [...k] }])),
    help: resource.name,
    href: `${ctx.base}/${path}/metadata`,
    label: resource.name,
    mandatory: false,
    name: resource.name,
    readOnly: false,
    type: 'item',
  };
}
