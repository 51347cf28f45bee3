// Test helpers: a ResolvedEntity built from YAML text and hand-made metadata (no snapshots needed).
import { loadYaml } from '../../compiler/load/index.ts';
import type {
  CampaignField,
  CampaignResource,
  DynamicsAttribute,
  DynamicsEntity,
} from '../../core/metadata/model.ts';
import type { EntityMapping } from '../../core/model/mapping.ts';
import type {
  ExprSource,
  ResolvedEntity,
  ResolvedField,
  ResolvedProject,
} from '../../compiler/resolve/types.ts';

export const attr = (
  name: string,
  type: string,
  extra: Partial<DynamicsAttribute> = {},
): DynamicsAttribute => ({ name, type, nullable: true, computed: false, ...extra });
export const cfield = (name: string, type: string): CampaignField => ({
  name,
  type,
  readOnly: false,
  mandatory: false,
});

export function entity(
  logicalName: string,
  attrs: readonly DynamicsAttribute[],
  pk = `${logicalName}id`,
): DynamicsEntity {
  const all = [attr(pk, 'Edm.Guid', { nullable: false }), ...attrs];
  return {
    logicalName,
    entitySetName: `${logicalName}s`,
    primaryKey: pk,
    attributes: new Map(all.map((a) => [a.name, a])),
    navigations: new Map(),
    alternateKeys: [],
    changeTracking: true,
    attributeDefinitions: true,
  };
}

export function resource(name: string, fields: readonly CampaignField[]): CampaignResource {
  const all = [cfield('externalId', 'string'), ...fields];
  return {
    name,
    path: `profileAndServicesExt/${name}`,
    fields: new Map(all.map((f) => [f.name, f])),
    filters: new Map(),
    keys: [],
  };
}

/** Resolves a small entity mapping the way the resolve stage would (names are assumed valid). */
export function resolveEntity(
  file: string,
  yaml: string,
  src: DynamicsEntity,
  res: CampaignResource,
): ResolvedProject {
  const { doc } = loadYaml(file, yaml);
  const m = doc.value as EntityMapping;
  const fields: ResolvedField[] = Object.entries(m.fields).map(([target, spec]) => {
    const pointer = `/fields/${target.replace(/~/g, '~0').replace(/\//g, '~1')}`;
    const slotField = res.fields.get(target) ?? cfield(target, 'string');
    const from =
      spec.from === undefined
        ? undefined
        : {
            name: spec.from,
            ...(src.attributes.get(spec.from)
              ? { attribute: src.attributes.get(spec.from) as DynamicsAttribute }
              : {}),
          };
    return {
      target,
      slot: { side: 'campaign', field: slotField },
      site: { doc, pointer },
      updates: spec.updates ?? true,
      ...(from ? { from } : {}),
      ...(spec.expr !== undefined
        ? { expr: { text: spec.expr, site: { doc, pointer: `${pointer}/expr` } } }
        : {}),
      ...(spec.value !== undefined ? { value: spec.value } : {}),
      ...(spec.values !== undefined ? { values: spec.values } : {}),
      ...(spec.default !== undefined ? { default: spec.default } : {}),
    };
  });
  const conds = (k: 'all' | 'any'): ExprSource[] =>
    (m.filter?.[k] ?? []).map((text, i) => ({ text, site: { doc, pointer: `/filter/${k}/${i}` } }));
  const resolved: ResolvedEntity = {
    kind: 'entity',
    name: m.name,
    doc,
    mapping: m,
    source: src,
    target: {
      resource: res,
      key: res.fields.get('externalId') ?? cfield('externalId', 'string'),
      filter: 'byExternalId',
      filterParam: 'externalId_parameter',
    },
    fields,
    links: [],
    filter: { all: conds('all'), any: conds('any'), deleteFilteredOut: m.filter?.deleteFilteredOut ?? false },
    deletes: m.deletes ?? 'ignore',
    picklists: m.picklists ?? 'label',
    onlyOwnRecords: m.onlyOwnRecords ?? true,
  };
  return { tenant: 'test', mappings: [resolved] };
}
