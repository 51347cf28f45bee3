// A resolved project of n generated entity mappings (10 typed columns, expressions, value maps, a filter each),
// for the compile benchmark: the back end's cost per mapping, without YAML files or metadata snapshots.
import type { ResolvedMapping, ResolvedProject } from '../../compiler/resolve/types.ts';
import { attr, cfield, entity, resolveEntity, resource } from '../../test/compiler/helpers.ts';

export function synthetic(n: number): ResolvedProject {
  const mappings: ResolvedMapping[] = [];
  for (let i = 0; i < n; i++) {
    const src = entity(`ent${i}`, [
      attr('name', 'Edm.String'),
      attr('email', 'Edm.String'),
      attr('city', 'Edm.String'),
      attr('code', 'Edm.String'),
      attr('qty', 'Edm.Int32'),
      attr('price', 'Edm.Decimal'),
      attr('active', 'Edm.Boolean'),
      attr('born', 'Edm.Date'),
      attr('modifiedon', 'Edm.DateTimeOffset'),
      attr('kind', 'Edm.Int32', {
        options: [
          { value: 1, label: 'One' },
          { value: 2, label: 'Two' },
        ],
        attributeType: 'Picklist',
      }),
    ]);
    const res = resource(
      `cus${i}`,
      ['name', 'email', 'city', 'label', 'kind', 'note']
        .map((f) => cfield(f, 'string'))
        .concat([
          cfield('qty', 'long'),
          cfield('total', 'double'),
          cfield('active', 'boolean'),
          cfield('born', 'date'),
          cfield('seen', 'datetime'),
        ]),
    );
    const yaml = [
      'version: 1',
      'kind: entity',
      `name: m${i}`,
      `source: { entity: ent${i} }`,
      `target: { resource: cus${i}, key: externalId }`,
      'fields:',
      '  name: { from: name }',
      "  email: { expr: 'lower(trim(email))' }",
      '  city: { expr: \'upper(coalesce(city, "?"))\' }',
      "  label: { expr: '`${name} (${code})`' }",
      '  kind: { from: kind }',
      '  note: { from: code, values: { A: alpha, B: beta }, default: other }',
      '  qty: { from: qty }',
      "  total: { expr: 'round(qty * price, 2)' }",
      '  active: { from: active }',
      '  born: { from: born, updates: false }',
      '  seen: { from: modifiedon }',
      'filter:',
      "  all: ['active', 'qty > " + (i % 5) + "', 'contains(lower(email), \"@\")']",
    ].join('\n');
    const p = resolveEntity(`mappings/m${i}.yaml`, `${yaml}\n`, src, res);
    mappings.push(...p.mappings);
  }
  return { tenant: 'bench', mappings };
}
