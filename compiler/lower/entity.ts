// ResolvedEntity -> IrEntityFlow.
import { codepointCompare } from '../../runtime/lib/sort.ts';
import { fieldsOf } from '../expr/ast.ts';
import type { CheckedEntity } from '../expr/checked.ts';
import type { IrEntityFlow, IrFilter } from '../ir/index.ts';
import { edmTs, exprValue, moduleName, origin, siteOrigin, sortedUnique } from './common.ts';
import { lowerField } from './field.ts';

export function lowerEntity(m: CheckedEntity): IrEntityFlow {
  const fields = [...m.fields]
    .sort((a, b) => codepointCompare(a.target, b.target))
    .map((f) => lowerField(f, m.picklists));
  const filter = m.filter;
  const used: string[] = [m.source.primaryKey];
  for (const f of m.fields) {
    if (f.expr) {
      if (f.ast) used.push(...fieldsOf(f.ast));
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
    filter: lowerFilter(m.filter),
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

function lowerFilter(f: CheckedEntity['filter']): IrFilter {
  return {
    kind: 'filter',
    conditions: f.conditions.map((c) => ({
      group: c.group,
      origin: siteOrigin(c.src.site, false),
      test: exprValue(c.src, c.expr),
      push: c.push,
      pushed: c.pushed,
    })),
    odata: f.odata,
    deleteFilteredOut: f.deleteFilteredOut,
  };
}
