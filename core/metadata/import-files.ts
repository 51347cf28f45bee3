// `ferry metadata import`: files a user exported with a browser or the API, recognised by their content
// and folded into the snapshot layout (relative path -> text). Typed-cast attribute collections and Campaign
// filter listings merge into the entity or resource they belong to.

type Json = Record<string, unknown>;
const obj = (v: unknown): Json | undefined =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Json) : undefined;
const pretty = (v: unknown): string => `${JSON.stringify(v, null, 2)}\n`;

/** `EntityDefinitions(LogicalName='contact')/Attributes…` or `EntityDefinitions('contact')/Attributes…` in an @odata.context. */
const ATTRS_OF = /EntityDefinitions\((?:LogicalName=)?'([^']+)'\)\/Attributes/;
/** `…/resourceType/<name>/filters`: the listing behind a resourceType's `filters.href`. */
const FILTERS_OF = /\/resourceType\/([^/?#]+)\/filters/;

export class ImportError extends Error {}

/** Attributes merged by LogicalName: a typed cast adds OptionSet/GlobalOptionSet to the plain attribute. */
function mergeAttributes(base: readonly Json[], extra: readonly Json[]): Json[] {
  const byName = new Map(base.map((a) => [String(a['LogicalName']), { ...a }]));
  for (const a of extra) {
    const { '@odata.type': type, ...rest } = a;
    const name = String(a['LogicalName']);
    const old = byName.get(name);
    byName.set(
      name,
      old ? { ...old, ...rest } : { ...(type === undefined ? {} : { '@odata.type': type }), ...rest },
    );
  }
  return [...byName.values()];
}

const attributesOf = (e: Json): Json[] => (Array.isArray(e['Attributes']) ? (e['Attributes'] as Json[]) : []);

/**
 * Adds one exported file to `files` (which starts as the current snapshot, so a typed cast can merge into
 * an entity file imported earlier or already there). Returns what it was recognised as.
 */
export function importFile(
  files: Map<string, string>,
  name: string,
  text: string,
  session: Set<string> = new Set(),
): string {
  const set = (rel: string, body: string): void => {
    files.set(rel, body);
    session.add(rel);
  };
  const body = text.replace(/^\uFEFF/, '');
  if (/^\s*</.test(body)) {
    if (!/<(?:edmx:)?Edmx\b/.test(body))
      throw new ImportError(`${name}: XML, but not a $metadata (Edmx) document`);
    // Kept byte for byte (BOM included): the emulators serve it as-is.
    set('dynamics/metadata.xml', text);
    return '$metadata';
  }
  let doc: Json | undefined;
  try {
    doc = obj(JSON.parse(body));
  } catch {
    throw new ImportError(`${name}: neither XML nor JSON`);
  }
  if (doc === undefined) throw new ImportError(`${name}: a JSON object was expected`);
  const ctx = typeof doc['@odata.context'] === 'string' ? doc['@odata.context'] : '';
  const entityFile = (logical: string) => `dynamics/entities/${logical}.json`;
  const existing = (rel: string): Json | undefined => obj(JSON.parse(files.get(rel) ?? 'null'));
  if (typeof doc['LogicalName'] === 'string') {
    if (!Array.isArray(doc['Attributes']))
      throw new ImportError(
        `${name}: EntityDefinitions of ${doc['LogicalName']} without Attributes (add $expand=Attributes)`,
      );
    const rel = entityFile(doc['LogicalName']);
    const { '@odata.context': _c, ...entity } = doc;
    // Option sets imported earlier in this run (typed casts) survive the plain export of the same table;
    // those of the current snapshot do not, or stale labels would mix with fresh columns unnoticed.
    const before = session.has(rel) ? existing(rel) : undefined;
    const merged = before
      ? mergeAttributes(
          attributesOf(entity),
          attributesOf(before).filter(
            (a) => a['OptionSet'] !== undefined || a['GlobalOptionSet'] !== undefined,
          ),
        )
      : attributesOf(entity);
    set(rel, pretty({ ...entity, Attributes: merged }));
    return `attribute definitions of ${doc['LogicalName']}`;
  }
  const list: Json[] | undefined = Array.isArray(doc['value'])
    ? (doc['value'] as unknown[]).flatMap((v): Json[] => {
        const o = obj(v);
        return o ? [o] : [];
      })
    : undefined;
  const owner = ATTRS_OF.exec(ctx)?.[1];
  if (list !== undefined && owner !== undefined) {
    const rel = entityFile(owner);
    const before = existing(rel) ?? { LogicalName: owner };
    set(rel, pretty({ ...before, Attributes: mergeAttributes(attributesOf(before), list) }));
    return `attributes of ${owner}`;
  }
  if (
    list !== undefined &&
    list.every((e) => typeof e['LogicalName'] === 'string' && Array.isArray(e['Attributes']))
  ) {
    const names = list.map((e) => {
      importFile(files, name, JSON.stringify(e), session);
      return String(e['LogicalName']);
    });
    return `attribute definitions of ${names.join(', ')}`;
  }
  const content = obj(doc['content']);
  const href = typeof doc['href'] === 'string' ? doc['href'] : '';
  const filtersOf = FILTERS_OF.exec(href)?.[1];
  if (content !== undefined && filtersOf !== undefined) {
    const rel = `campaign/${filtersOf}.json`;
    const before = existing(rel);
    if (before === undefined)
      throw new ImportError(`${name}: filters of ${filtersOf}; import its resourceType file first`);
    set(rel, pretty({ ...before, filters: { href, content } }));
    return `filters of ${filtersOf}`;
  }
  if (content !== undefined && (typeof doc['name'] === 'string' || typeof doc['data'] === 'string')) {
    const resource =
      typeof doc['name'] === 'string'
        ? doc['name']
        : (String(doc['data']).split('/').filter(Boolean).pop() ?? '');
    const rel = `campaign/${resource}.json`;
    const filters = obj(doc['filters']);
    const keep = session.has(rel) ? obj(existing(rel)?.['filters']) : undefined;
    // A resourceType whose filters are only an href keeps the filter listing imported before.
    const merged =
      filters?.['content'] === undefined && keep?.['content'] !== undefined ? { ...doc, filters: keep } : doc;
    set(rel, pretty(merged));
    return `Campaign resource ${resource}`;
  }
  throw new ImportError(
    `${name}: not recognised (expected $metadata XML, EntityDefinitions JSON, an Attributes collection, a Campaign resourceType or its filters)`,
  );
}
