// Campaign v8 after a migration from Standard, as Adobe's "Recommendations & limitations" page for
// migrated users describes it: custom filters are called by their "Filter name in REST API" (no `by`
// prefix), fields dropped by the migration answer blank, and a link given as an object of fields
// creates the linked record (inferred: the page's sentence on v8 is not quoted in our notes).
import type { Json } from '../common/json.ts';
import type { FieldDef, FilterDef, ResourceDef } from './model.ts';

export type CampaignFlavor = 'standard' | 'v8';

export interface FlavorConfig {
  readonly flavor: CampaignFlavor;
  /** v8: dropped fields by resource name. */
  readonly dropped: ReadonlyMap<string, ReadonlySet<string>>;
}

export const STANDARD: FlavorConfig = { flavor: 'standard', dropped: new Map() };

export function flavorConfig(
  flavor: CampaignFlavor | undefined,
  dropped: Readonly<Record<string, readonly string[]>> | undefined,
): FlavorConfig {
  if (flavor !== 'v8') return STANDARD;
  return { flavor, dropped: new Map(Object.entries(dropped ?? {}).map(([r, f]) => [r, new Set(f)])) };
}

// Modelled: the sandbox admin named each custom filter as its Standard name without `by`.
export const v8FilterName = (name: string): string =>
  /^by[A-Z]/.test(name) ? `${name.charAt(2).toLowerCase()}${name.slice(3)}` : name;

const renamed = (cfg: FlavorConfig, f: FilterDef): boolean => cfg.flavor === 'v8' && f.custom === true;

/** The name a URL segment calls `f` by under this flavour. */
export const callName = (cfg: FlavorConfig, f: FilterDef): string =>
  renamed(cfg, f) ? v8FilterName(f.name) : f.name;

/**
 * URL segments -> internal filter names when every segment calls a filter of `resource`, else undefined.
 * On v8 a custom filter's Standard `by` name no longer calls it.
 */
export function filterSegments(
  cfg: FlavorConfig,
  resource: ResourceDef,
  segs: readonly string[],
): string[] | undefined {
  if (cfg.flavor !== 'v8') return undefined;
  const byCall = new Map([...resource.filters.values()].map((f) => [callName(cfg, f), f.name]));
  const out = segs.map((s) => byCall.get(s));
  return out.every((s): s is string => s !== undefined) ? out : undefined;
}

/** True when `seg` is a v8 custom filter's old Standard name (which v8 no longer answers). */
export const isRetiredName = (cfg: FlavorConfig, resource: ResourceDef, seg: string): boolean =>
  cfg.flavor === 'v8' && resource.filters.get(seg)?.custom === true;

/** A resourceType document as this flavour serves it: v8 custom filters' `data` use their REST name. */
export function flavoredResourceType(cfg: FlavorConfig, resource: ResourceDef, doc: unknown): unknown {
  if (cfg.flavor !== 'v8') return doc;
  const d = doc as { filters?: { content?: Record<string, { data?: string }> } };
  const content = d.filters?.content;
  if (!content) return doc;
  const out: Record<string, unknown> = {};
  for (const [name, f] of Object.entries(content)) {
    const def = resource.filters.get(name);
    out[name] =
      def && renamed(cfg, def) && typeof f.data === 'string'
        ? { ...f, data: f.data.replace(`/${name}?`, `/${v8FilterName(name)}?`) }
        : f;
  }
  return { ...d, filters: { ...d.filters, content: out } };
}

/** Dropped on v8: the API answers the field blank. */
export const isDropped = (cfg: FlavorConfig, resource: string, field: string): boolean =>
  cfg.dropped.get(resource)?.has(field) === true;

/** "Blank" as the page says: an empty string for text fields, null otherwise (modelled). */
export const blank = (field: FieldDef | undefined): Json =>
  field && ['string', 'memo'].includes(field.type) ? '' : null;
