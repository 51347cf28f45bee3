// Campaign `resourceType` metadata JSON (as `<root>/resourceType/<resource>` returns it) -> CampaignResource.
import type { CampaignField, CampaignFilter, CampaignResource } from './model.ts';

type Json = Record<string, unknown>;
const obj = (v: unknown): Json | undefined =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Json) : undefined;
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

// Enum values come as names, as `{name|value}` objects, or as an object keyed by name.
const enumValues = (v: unknown): string[] | undefined => {
  if (Array.isArray(v))
    return v.flatMap((x) => (typeof x === 'string' ? [x] : (str(obj(x)?.name) ?? str(obj(x)?.value) ?? [])));
  const o = obj(v);
  return o ? Object.keys(o) : undefined;
};

const field = (key: string, v: unknown): CampaignField | undefined => {
  const f = obj(v);
  if (!f) return undefined;
  const name = str(f.apiName) ?? key;
  const values = enumValues(f.values);
  // resTarget may be a name or a path (`profileAndServicesExt/profile`); keep the resource name.
  const target = (str(f.resTarget) ?? str(f.target))?.split('/').filter(Boolean).pop();
  const isLink = str(f.type) === 'link' || str(f.resType) === 'link';
  return {
    name,
    type: isLink ? 'link' : (str(f.type) ?? 'string'),
    ...(typeof f.length === 'number' ? { length: f.length } : {}),
    ...(values && values.length > 0 ? { values } : {}),
    readOnly: f.readOnly === true,
    mandatory: f.mandatory === true,
    ...(isLink && target ? { target } : {}),
  };
};

// Filter `data` URL like `/profileAndServicesExt/profile/byExternalId?externalId_parameter=$value`.
const filter = (name: string, v: unknown): CampaignFilter => {
  const f = obj(v) ?? {};
  const explicit = Array.isArray(f.params)
    ? f.params.filter((p): p is string => typeof p === 'string')
    : undefined;
  const data = str(f.data) ?? '';
  const q = data.indexOf('?');
  const fromUrl =
    q < 0 ? [] : [...new URLSearchParams(data.slice(q + 1)).keys()].filter((k) => !k.startsWith('_'));
  // The last path segment of `data` is the name the URL calls the filter by (absent: not callable over REST).
  const restName = (q < 0 ? data : data.slice(0, q)).split('/').filter(Boolean).pop();
  return {
    name,
    params: explicit ?? fromUrl,
    ...(restName !== undefined && data !== '' ? { restName } : {}),
  };
};

// `/profileAndServicesExt/profile/` -> `profileAndServicesExt/profile`.
const pathFrom = (root: Json, name: string): string => {
  const data = str(root.data);
  const clean = data?.replace(/^\/+|\/+$/g, '');
  return clean && clean.length > 0 ? clean : `profileAndServicesExt/${name}`;
};

export const parseCampaignResource = (json: unknown, fallbackName = ''): CampaignResource => {
  const root = obj(json) ?? {};
  const name = str(root.name) ?? fallbackName;
  const fields = new Map<string, CampaignField>();
  for (const [key, v] of Object.entries(obj(root.content) ?? {})) {
    const f = field(key, v);
    if (f) fields.set(f.name, f);
  }
  const filters = new Map<string, CampaignFilter>();
  for (const [key, v] of Object.entries(obj(obj(root.filters)?.content) ?? {}))
    filters.set(key, filter(key, v));
  const keys = Object.values(obj(root.keys) ?? {})
    .map((k) =>
      Array.isArray(obj(k)?.fields)
        ? (obj(k)?.fields as unknown[]).filter((x): x is string => typeof x === 'string')
        : [],
    )
    .filter((k) => k.length > 0);
  return { name, path: pathFrom(root, name), fields, filters, keys };
};
