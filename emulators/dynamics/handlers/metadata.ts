// Service document, $metadata (snapshot bytes as-is) and EntityDefinitions with Attributes and typed casts.
import { ApiError, jsonResponse, type ApiRequest, type ApiResponse } from '../api.ts';
import type { EmulatorContext } from '../context.ts';
import { E } from '../errors.ts';
import { parseExpand, type ExpandItem } from '../odata/expand.ts';
import { evaluateFilter } from '../odata/filter.ts';
import type { Segment } from '../odata/path.ts';
import { odata } from './query.ts';

type Json = Record<string, unknown>;
const NS = 'Microsoft.Dynamics.CRM.';
/** Navigation properties of attribute metadata: only returned when expanded. */
const ATTR_NAVS = ['OptionSet', 'GlobalOptionSet'];

export function serviceDocument(ctx: EmulatorContext): ApiResponse {
  const sets = [...ctx.store.metadata.entities.values()].map((e) => e.entitySetName).filter((n) => n !== '');
  sets.push('EntityDefinitions');
  const value = [...new Set(sets)].sort().map((name) => ({ name, kind: 'EntitySet', url: name }));
  return jsonResponse(200, { '@odata.context': `${ctx.base}$metadata`, value });
}

export function metadataDocument(ctx: EmulatorContext): ApiResponse {
  return {
    status: 200,
    headers: { 'Content-Type': 'application/xml', 'OData-Version': '4.0' },
    body: [ctx.csdlXml],
  };
}

function select(obj: Json, sel: string | null, always: readonly string[]): Json {
  if (sel === null) return obj;
  const keep = new Set([...sel.split(',').map((s) => s.trim()), ...always]);
  const out: Json = {};
  for (const [k, v] of Object.entries(obj)) if (keep.has(k) || k.startsWith('@odata.')) out[k] = v;
  return out;
}

function lenientFilter(list: Json[], req: ApiRequest): Json[] {
  const f = req.query.get('$filter');
  if (f === null) return list;
  return odata(() => list.filter((x) => evaluateFilter(f, x)));
}

function findEntity(ctx: EmulatorContext, key: string): { body: Json; attrs: Json[] } {
  const m = /^LogicalName='([^']*)'$/.exec(key.trim());
  const wanted = m?.[1];
  for (const d of allDefinitions(ctx)) {
    if (
      (wanted !== undefined && d.body['LogicalName'] === wanted) ||
      d.body['MetadataId'] === key.trim().toLowerCase()
    )
      return d;
  }
  // Live wording not recorded in the reference (inference).
  throw new ApiError(404, '0x80040217', `Could not find entity with ${key.trim()}.`);
}

export function allDefinitions(ctx: EmulatorContext): { body: Json; attrs: Json[] }[] {
  return [...ctx.entityDefinitions.values()].map((raw) => {
    const attrs = (
      Array.isArray(raw['Attributes']) ? raw['Attributes'] : Array.isArray(raw['value']) ? raw['value'] : []
    ) as Json[];
    const body: Json = {};
    for (const [k, v] of Object.entries(raw))
      if (k !== 'Attributes' && k !== 'value' && k !== '@odata.context') body[k] = v;
    return { body, attrs };
  });
}

/** Entity-level `$expand`: only `Attributes` (with a nested `$select`) is modelled; anything else fails loudly. */
function attributesExpand(items: readonly ExpandItem[]): ExpandItem | undefined {
  for (const it of items) {
    if (it.name !== 'Attributes') throw E.notImplemented(`$expand=${it.name} on EntityDefinitions`);
    if (it.other.length) throw E.notImplemented(`${it.other.join(', ')} inside $expand=Attributes(...)`);
  }
  return items[0];
}

/** The entity body with its Attributes expanded (§12.3): each item keeps `@odata.type` and `MetadataId`, option sets stay unexpanded. */
function withAttributes(d: { body: Json; attrs: Json[] }, ex: ExpandItem | undefined): Json {
  if (ex === undefined) return d.body;
  const sel = ex.select === undefined ? null : ex.select.join(',');
  return { ...d.body, Attributes: d.attrs.map((a) => select(stripNavs(a, []), sel, ['MetadataId'])) };
}

/** `(sel,Attributes(nested))`; an expansion without nested `$select` is `Attributes()` like the sandbox snapshot (unverified on a live org). */
function entityContextSelect(req: ApiRequest, ex: ExpandItem | undefined): string {
  const parts =
    req.query
      .get('$select')
      ?.split(',')
      .map((x) => x.trim()) ?? [];
  if (ex !== undefined) parts.push(`Attributes(${ex.select?.join(',') ?? ''})`);
  return parts.length ? `(${parts.join(',')})` : '';
}

export function entityDefinitions(
  ctx: EmulatorContext,
  segs: readonly Segment[],
  req: ApiRequest,
): ApiResponse {
  // No paging or ordering on metadata queries (§12.3, 3rd-party 0x80060888).
  for (const o of ['$top', '$skip', '$orderby']) if (req.query.has(o)) throw E.queryOption(o);
  const root = segs[0] as Segment;
  const items = odata(() => parseExpand(req.query.get('$expand')));
  const expand = items.map((i) => i.name);
  if (root.key === undefined || segs.length === 1) {
    const ex = attributesExpand(items);
    // An expanded navigation property is returned even when $select does not name it.
    const keep = ['MetadataId', ...(ex ? ['Attributes'] : [])];
    if (root.key === undefined) {
      if (segs.length > 1) throw E.segmentNotFound(segs[1]?.name ?? '');
      const list = allDefinitions(ctx).map((d) => withAttributes(d, ex));
      const value = lenientFilter(list, req).map((b) => select(b, req.query.get('$select'), keep));
      return jsonResponse(200, {
        '@odata.context': `${ctx.base}$metadata#EntityDefinitions${entityContextSelect(req, ex)}`,
        value,
      });
    }
    const body = withAttributes(findEntity(ctx, root.key), ex);
    return jsonResponse(200, {
      '@odata.context': `${ctx.base}$metadata#EntityDefinitions${entityContextSelect(req, ex)}/$entity`,
      ...select(body, req.query.get('$select'), keep),
    });
  }
  const ent = findEntity(ctx, root.key);
  const logical = String(ent.body['LogicalName']);
  const attrSeg = segs[1] as Segment;
  if (attrSeg.name !== 'Attributes') throw E.segmentNotFound(attrSeg.name);
  const cast = segs[2]?.name;
  if (segs.length > 3 || (cast !== undefined && !cast.startsWith(NS)))
    throw E.segmentNotFound(segs[3]?.name ?? cast ?? '');
  if (cast === `${NS}EnumAttributeMetadata`)
    throw E.badRequest(`The type '${cast}' is abstract and cannot be used as a type cast.`);
  let attrs = ent.attrs;
  if (cast !== undefined) attrs = attrs.filter((a) => a['@odata.type'] === `#${cast}`);
  const castText = cast === undefined ? '' : `/${cast}`;
  if (attrSeg.key !== undefined) {
    const k = attrSeg.key.trim();
    const lm = /^LogicalName='([^']*)'$/.exec(k);
    const a = attrs.find((x) => (lm ? x['LogicalName'] === lm[1] : x['MetadataId'] === k.toLowerCase()));
    if (!a) throw new ApiError(404, '0x80040217', `Could not find attribute with ${k} on entity ${logical}.`);
    return jsonResponse(200, {
      '@odata.context': `${ctx.base}$metadata#EntityDefinitions('${logical}')/Attributes${castText}${selText(req)}/$entity`,
      ...select(stripNavs(a, expand), req.query.get('$select'), ['MetadataId', ...expand]),
    });
  }
  const value = lenientFilter(attrs, req).map((a) =>
    select(stripNavs(a, expand), req.query.get('$select'), ['MetadataId', ...expand]),
  );
  return jsonResponse(200, {
    '@odata.context': `${ctx.base}$metadata#EntityDefinitions('${logical}')/Attributes${castText}${selText(req)}`,
    value,
  });
}

function stripNavs(a: Json, expand: readonly string[]): Json {
  const out: Json = {};
  for (const [k, v] of Object.entries(a)) if (!ATTR_NAVS.includes(k) || expand.includes(k)) out[k] = v;
  for (const n of ATTR_NAVS) if (expand.includes(n) && !(n in out) && typeHasOptions(a)) out[n] = null;
  return out;
}

const typeHasOptions = (a: Json) =>
  /(Picklist|State|Status|Boolean|MultiSelectPicklist)AttributeMetadata$/.test(String(a['@odata.type']));

function selText(req: ApiRequest): string {
  const s = req.query.get('$select');
  return s === null ? '' : `(${s})`;
}
