// Compile benchmark: cold compile of the default mapping set (full pipeline, tenant sandbox), and of
// 10/50/100 generated entity mappings (back end: checkExpressions → lower → emit → check → files).
// Growth should be near-linear: the marginal cost per added mapping stays about constant. Also the
// start-up of the built CLI (`node bin/ferry.js --version`, `validate --tenant sandbox`) as a user sees it.
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { compileProject } from '../compiler/index.ts';
import type { ResolvedMapping, ResolvedProject } from '../compiler/resolve/types.ts';
import { attr, cfield, entity, resolveEntity, resource } from '../test/compiler/helpers.ts';
import { backEnd } from '../test/compiler/pipeline.ts';
import type { BenchRun } from './types.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

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

async function ms(f: () => unknown): Promise<number> {
  const t = performance.now();
  await f();
  return performance.now() - t;
}

/** Best wall time of `reps` runs of `node bin/ferry.js <args>` (a fresh process each: start-up included). */
function cliMs(args: readonly string[], reps: number): number {
  const runs: number[] = [];
  for (let k = 0; k < reps; k++) {
    const t = performance.now();
    execFileSync(process.execPath, [path.join(root, 'bin', 'ferry.js'), ...args], {
      cwd: root,
      stdio: 'ignore',
    });
    runs.push(performance.now() - t);
  }
  return Math.min(...runs);
}

export const run: BenchRun = async ({ smoke }) => {
  const startup = cliMs(['--version'], smoke ? 1 : 5);
  const validate = cliMs(['validate', '--tenant', 'sandbox'], smoke ? 1 : 5);
  const out = path.join(root, 'dist', 'bench-compile');
  // Cold: the first compile in this process (ts-morph and the TS checker not warmed up yet).
  const cold = await ms(() => compileProject({ root, tenant: 'sandbox', write: false }));
  const warm = await ms(() => compileProject({ root, tenant: 'sandbox', write: false }));
  const sizes = smoke ? [2, 4, 6] : [10, 50, 100];
  const reps = smoke ? 1 : 5;
  const table: (string | number)[][] = [['input', 'ms (best of runs)', 'ms/mapping', 'marginal ms/mapping']];
  table.push([
    'default set, 5 mappings, full pipeline, cold (first in process)',
    Math.round(cold),
    Math.round(cold / 5),
    '',
  ]);
  table.push(['default set, 5 mappings, full pipeline, warm', Math.round(warm), Math.round(warm / 5), '']);
  table.push(['CLI start-up: node bin/ferry.js --version (new process)', Math.round(startup), '', '']);
  table.push([
    'CLI: node bin/ferry.js validate --tenant sandbox (new process)',
    Math.round(validate),
    '',
    '',
  ]);
  const figures: Record<string, number | string | boolean> = {
    defaultColdMs: Math.round(cold),
    defaultWarmMs: Math.round(warm),
    cliStartupMs: Math.round(startup),
    cliValidateMs: Math.round(validate),
  };
  backEnd(synthetic(2), out); // warm-up of the generated-mapping path
  const times: number[] = [];
  for (const n of sizes) {
    const project = synthetic(n);
    let files = 0;
    const runs: number[] = [];
    for (let k = 0; k < reps; k++) {
      runs.push(
        await ms(() => {
          const r = backEnd(project, out);
          if (!r.files)
            throw new Error(
              `synthetic project of ${n} did not compile: ${JSON.stringify(r.diagnostics.slice(0, 3))}`,
            );
          files = r.files.size;
        }),
      );
    }
    // Minimum of the runs: the least disturbed by other load on the machine.
    const t = Math.min(...runs);
    const prevN = sizes[times.length - 1];
    const prevT = times[times.length - 1];
    const marginal =
      prevN === undefined || prevT === undefined ? '' : Number(((t - prevT) / (n - prevN)).toFixed(1));
    times.push(t);
    table.push([
      `${n} generated mappings (${files} files), back end`,
      Math.round(t),
      Number((t / n).toFixed(1)),
      marginal,
    ]);
    figures[`ms@${n}`] = Math.round(t);
  }
  // Near-linear: the marginal cost per mapping of the last step is close to that of the first step.
  const [n0, n1, n2] = sizes as [number, number, number];
  const [t0, t1, t2] = times as [number, number, number];
  const growth = (t2 - t1) / (n2 - n1) / ((t1 - t0) / (n1 - n0));
  figures['marginalRatio'] = Number(growth.toFixed(2));
  return {
    name: 'compile',
    figures,
    table,
    targets: [
      {
        name: 'CLI start-up ≤ 300 ms',
        met: startup <= 300,
        detail: `--version took ${Math.round(startup)} ms`,
      },
      {
        name: 'CLI validate ≤ 1500 ms',
        met: validate <= 1500,
        detail: `validate --tenant sandbox took ${Math.round(validate)} ms`,
      },
      {
        name: 'near-linear growth',
        met: growth > 0 && growth < 1.5,
        detail: `marginal ms/mapping ${n1}→${n2} ÷ ${n0}→${n1} = ${growth.toFixed(2)} (1.0 = linear, >1 = superlinear)`,
      },
    ],
  };
};
