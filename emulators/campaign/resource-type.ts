// Reads one `resourceType` metadata document (a tenant snapshot file) into a ResourceDef.
import { asObject, asString } from '../common/json.ts';
import type { FieldDef, FilterDef, ResourceDef } from './model.ts';

// `values` lists `{ name, value, label }` entries (or bare names), or is an object keyed by name.
function valueNames(v: unknown): string[] | undefined {
  if (Array.isArray(v))
    return v.flatMap(
      (x) => asString(x) ?? asString(asObject(x)?.['name']) ?? asString(asObject(x)?.['value']) ?? [],
    );
  const o = asObject(v);
  return o ? Object.keys(o) : undefined;
}

function fieldOf(key: string, v: unknown): FieldDef | undefined {
  const f = asObject(v);
  if (!f) return undefined;
  const isLink = f['type'] === 'link' || f['resType'] === 'link';
  const values = valueNames(f['values']);
  // `resTarget` may be a name or a path (`profileAndServicesExt/profile`): the last segment names the resource.
  const target = (asString(f['resTarget']) ?? asString(f['target']))?.split('/').filter(Boolean).pop();
  const length = f['length'];
  return {
    name: asString(f['apiName']) ?? key,
    type: isLink ? 'link' : (asString(f['type']) ?? 'string'),
    ...(typeof length === 'number' ? { length } : {}),
    ...(values && values.length > 0 ? { values } : {}),
    readOnly: f['readOnly'] === true,
    mandatory: f['mandatory'] === true,
    ...(isLink && target ? { target } : {}),
  };
}

// Parameters come from `params` when given, else from the query of `data` (`_`-options excluded).
function filterOf(name: string, v: unknown): FilterDef {
  const f = asObject(v) ?? {};
  const custom = f['category'] === '10_custom' ? { custom: true } : {};
  const listed = f['params'];
  if (Array.isArray(listed))
    return { name, params: listed.filter((p): p is string => typeof p === 'string'), ...custom };
  const data = asString(f['data']) ?? '';
  const q = data.indexOf('?');
  const params = q < 0 ? [] : [...new URLSearchParams(data.slice(q + 1)).keys()];
  return { name, params: params.filter((p) => !p.startsWith('_')), ...custom };
}

export function readResourceType(json: unknown, fallbackName: string): ResourceDef {
  const root = asObject(json) ?? {};
  const name = asString(root['name']) ?? fallbackName;
  const fields = new Map<string, FieldDef>();
  for (const [key, v] of Object.entries(asObject(root['content']) ?? {})) {
    const f = fieldOf(key, v);
    if (f) fields.set(f.name, f);
  }
  const filters = new Map<string, FilterDef>();
  for (const [key, v] of Object.entries(asObject(asObject(root['filters'])?.['content']) ?? {}))
    filters.set(key, filterOf(key, v));
  const keys = Object.values(asObject(root['keys']) ?? {})
    .map((k) => asObject(k)?.['fields'])
    .map((list) => (Array.isArray(list) ? list.filter((x): x is string => typeof x === 'string') : []))
    .filter((k) => k.length > 0);
  // `data` is `/profileAndServicesExt/<name>/`; a document without it is taken as profile-linked.
  const path = (asString(root['data']) ?? '').replace(/^\/+|\/+$/g, '') || `profileAndServicesExt/${name}`;
  return { name, path, fields, filters, keys };
}
