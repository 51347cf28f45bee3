// ResolvedEntity -> IrEntityFlow.
import { codepointCompare } from '../../runtime/lib/sort.ts';
import { fieldsOf } from '../expr/ast.ts';
import type { CheckedProject } from '../expr/check-project.ts';
import type { IrEntityFlow } from '../ir/index.ts';
import type { ResolvedEntity } from '../resolve/types.ts';
import { edmTs, moduleName, origin, siteOrigin, sortedUnique } from './common.ts';
import { lowerField } from './field.ts';

export function lowerEntity(m: ResolvedEntity, checked: CheckedProject): IrEntityFlow {
  const fields = [...m.fields]
    .sort((a, b) => codepointCompare(a.target, b.target))
    .map((f) => lowerField(f, f.expr ? checked.exprs.get(f.expr) : undefined, m.picklists));
  const filter = checked.filters.get(m.name) ?? {
    conditions: [],
    odata: null,
    deleteFilteredOut: m.filter.deleteFilteredOut,
  };
  const used: string[] = [m.source.primaryKey];
  for (const f of m.fields) {
    if (f.expr) {
      const e = checked.exprs.get(f.expr);
      if (e) used.push(...fieldsOf(e));
    } else if (f.from && f.value === undefined) used.push(f.from.name);
  }
  for (const c of filter.conditions) used.push(...fieldsOf(c.expr));
  for (const l of m.links) used.push(l.from.name);
  const select = sortedUnique(used);
  const sourceTypes = select.map(
    (n) => [n, edmTs(m.source.attributes.get(n)?.type ?? 'Edm.String')] as const,
  );
  const tf = m.target;
  return {
    kind: 'entity',
    name: m.name,
    module: moduleName(m.name),
    origin: origin(m.doc, '/name', true),
    sourceFile: m.doc.file,
    source: {
      entity: m.source.logicalName,
      entitySet: m.source.entitySetName,
      primaryKey: m.source.primaryKey,
    },
    target: {
      resource: tf.resource.name,
      path: tf.resource.path,
      key: tf.key.name,
      filter: tf.filter,
      filterParam: tf.filterParam,
    },
    sourceTypes,
    select,
    filter: {
      kind: 'filter',
      checked: filter,
      origins: filter.conditions.map((c) => siteOrigin(c.src.site, false)),
    },
    transform: { kind: 'transform', input: 'row', fields },
    createOnly: sortedUnique(m.fields.filter((f) => !f.updates).map((f) => f.target)),
    hashFields: sortedUnique(m.fields.filter((f) => f.updates).map((f) => f.target)),
    links: [...m.links]
      .sort((a, b) => codepointCompare(a.name, b.name))
      .map((l) => ({ name: l.name, from: l.from.name, flow: l.mapping, required: l.required })),
    deletes: m.deletes,
    onlyOwnRecords: m.onlyOwnRecords,
    dependsOn: sortedUnique(m.links.map((l) => l.mapping)),
  };
}
