// Compile benchmark: cold compile of the default mapping set (full pipeline, tenant sandbox), and of
// 10/50/100 generated entity mappings (back end: checkExpressions → lower → emit → check → files).
// Growth should be near-linear: the ratio column is (ms per mapping) / (ms per mapping at 10).
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { compileProject } from '../compiler/index.ts';
import type { ResolvedMapping, ResolvedProject } from '../compiler/resolve/types.ts';
import { attr, cfield, entity, resolveEntity, resource } from '../test/compiler/helpers.ts';
import { backEnd } from '../test/compiler/pipeline.ts';
import type { BenchRun } from './types.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function synthetic(n: number): ResolvedProject {
  const mappings: ResolvedMapping[] = [];
  for (let i = 0; i < n; i++) {
    const src = entity(`ent${i}`, [
      attr('name', 'Edm.String'), attr('email', 'Edm.String'), attr('city', 'Edm.String'), attr('code', 'Edm.String'),
      attr('qty', 'Edm.Int32'), attr('price', 'Edm.Decimal'), attr('active', 'Edm.Boolean'), attr('born', 'Edm.Date'),
      attr('modifiedon', 'Edm.DateTimeOffset'),
      attr('kind', 'Edm.Int32', { options: [{ value: 1, label: 'One' }, { value: 2, label: 'Two' }], attributeType: 'Picklist' }),
    ]);
    const res = resource(`cus${i}`, ['name', 'email', 'city', 'label', 'kind', 'note'].map((f) => cfield(f, 'string')).concat([cfield('qty', 'long'), cfield('total', 'double'), cfield('active', 'boolean'), cfield('born', 'date'), cfield('seen', 'datetime')]));
    const yaml = [
      'version: 1', 'kind: entity', `name: m${i}`, `source: { entity: ent${i} }`, `target: { resource: cus${i}, key: externalId }`, 'fields:',
      '  name: { from: name }', "  email: { expr: 'lower(trim(email))' }", "  city: { expr: 'upper(coalesce(city, \"?\"))' }",
      "  label: { expr: '`${name} (${code})`' }", '  kind: { from: kind }', "  note: { from: code, values: { A: alpha, B: beta }, default: other }",
      '  qty: { from: qty }', "  total: { expr: 'round(qty * price, 2)' }", '  active: { from: active }', '  born: { from: born, updates: false }',
      '  seen: { from: modifiedon }',
      'filter:', "  all: ['active', 'qty > " + (i % 5) + "', 'contains(lower(email), \"@\")']",
    ].join('\n');
    const p = resolveEntity(`mappings/m${i}.yaml`, `${yaml}\n`, src, res);
    mappings.push(...p.mappings);
  }
  return { tenant: 'bench', mappings };
}

async function ms(f: () => unknown): Promise<number> {
  const t = performance.now();
  await f();
  return performance.now() - t;
}

export const run: BenchRun = async ({ smoke }) => {
  const out = path.join(root, 'dist', 'bench-compile');
  // Cold: the first compile in this process (ts-morph and the TS checker not warmed up yet).
  const cold = await ms(() => compileProject({ root, tenant: 'sandbox', write: false }));
  const warm = await ms(() => compileProject({ root, tenant: 'sandbox', write: false }));
  const sizes = smoke ? [2, 4] : [10, 50, 100];
  const table: (string | number)[][] = [['mappings', 'ms', 'ms/mapping', 'ratio vs first']];
  table.push(['default set (5, full pipeline, cold)', Math.round(cold), Math.round(cold / 5), '']);
  table.push(['default set (5, full pipeline, warm)', Math.round(warm), Math.round(warm / 5), '']);
  const figures: Record<string, number | string | boolean> = { defaultColdMs: Math.round(cold), defaultWarmMs: Math.round(warm) };
  let base = 0;
  for (const n of sizes) {
    const project = synthetic(n);
    let files = 0;
    const t = await ms(() => {
      const r = backEnd(project, out);
      if (!r.files) throw new Error(`synthetic project of ${n} did not compile: ${JSON.stringify(r.diagnostics.slice(0, 3))}`);
      files = r.files.size;
    });
    const per = t / n;
    if (base === 0) base = per;
    table.push([`${n} generated (${files} files)`, Math.round(t), Number(per.toFixed(1)), Number((per / base).toFixed(2))]);
    figures[`ms@${n}`] = Math.round(t);
  }
  const first = sizes[0] ?? 1;
  const last = sizes[sizes.length - 1] ?? 1;
  const growth = (Number(figures[`ms@${last}`]) / last) / (Number(figures[`ms@${first}`]) / first);
  figures['perMappingRatio'] = Number(growth.toFixed(2));
  return {
    name: 'compile',
    figures,
    table,
    targets: [{ name: 'near-linear growth', met: growth < 1.5, detail: `ms per mapping at ${last} / at ${first} = ${growth.toFixed(2)} (1.0 = linear)` }],
  };
};
