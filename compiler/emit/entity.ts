// IrEntityFlow -> module: Source/Target types, predicate, transform and the EntityFlow object.
import { StructureKind } from 'ts-morph';
import type { IrEntityFlow, IrFilter } from '../ir/index.ts';
import { ModuleCx } from './context.ts';
import { at } from './header.ts';
import { comment, lit } from './lit.ts';
import {
  constant,
  exportDefault,
  hoisted,
  imports,
  obj,
  typeAlias,
  typeLiteral,
  type ModuleOut,
  type Stmt,
} from './module.ts';
import { transformStatements } from './transform.ts';
import { gen } from '../expr/gen.ts';

export function emitEntity(n: IrEntityFlow, version: string, lib: string): ModuleOut {
  const mod = new ModuleCx('r');
  const matchBody = predicate(n.filter, mod);
  const transformBody = transformStatements(n.transform, mod);
  const statements: Stmt[] = [
    ...imports(version, [n.sourceFile], lib, ['EntityFlow', 'SourceRow']),
    {
      kind: StructureKind.Interface,
      name: 'Source',
      isExported: true,
      leadingTrivia: `// Columns read from ${comment(n.source.entity)} ($select), as they arrive in JSON.\n`,
      properties: n.sourceTypes.map(([name, type]) => ({ name: lit(name), type, isReadonly: true })),
    },
    // A type alias, not an interface: only aliases are assignable to TargetRecord's index signature.
    typeAlias(
      'Target',
      typeLiteral(n.transform.fields.map((f) => [f.target, f.tsType] as const)),
      `// Fields written to Campaign ${comment(n.target.resource)}.\n`,
    ),
    ...hoisted(mod),
    {
      kind: StructureKind.Function,
      name: 'matches',
      parameters: [{ name: 'row', type: 'SourceRow' }],
      returnType: 'boolean',
      leadingTrivia: filterComment(n.filter),
      statements: matchBody,
    },
    {
      kind: StructureKind.Function,
      name: 'transform',
      parameters: [{ name: 'row', type: 'SourceRow' }],
      returnType: 'Target',
      leadingTrivia: `// Transform: ${comment(n.source.entity)} row -> ${comment(n.target.resource)} record.\n`,
      statements: ['const r = row as unknown as Source;', ...transformBody],
    },
    constant(
      'flow',
      'EntityFlow',
      obj([
        ['kind', lit('entity')],
        ['name', lit(n.name)],
        ['origin', lit({ file: n.origin.file, line: n.origin.line, col: n.origin.col })],
        [
          'source',
          lit({ entity: n.source.entity, entitySet: n.source.entitySet, primaryKey: n.source.primaryKey }),
        ],
        [
          'target',
          lit({
            resource: n.target.resource,
            path: n.target.path,
            key: n.target.key,
            filter: n.target.filter,
            filterParam: n.target.filterParam,
          }),
        ],
        ['select', lit(n.select)],
        ['odataFilter', lit(n.filter.odata)],
        ['matches', 'matches'],
        ['transform', 'transform'],
        ['createOnly', lit(n.createOnly)],
        ['hashFields', lit(n.hashFields)],
        [
          'links',
          lit(n.links.map((l) => ({ name: l.name, from: l.from, flow: l.flow, required: l.required }))),
        ],
        ['deletes', lit(n.deletes)],
        ['deleteFilteredOut', lit(n.filter.deleteFilteredOut)],
        ['onlyOwnRecords', lit(n.onlyOwnRecords)],
        ['dependsOn', lit(n.dependsOn)],
      ]),
      `// Flow ${comment(n.name)} (${at(n.origin)}).\n`,
    ),
    exportDefault('flow'),
  ];
  return { file: `${n.module}.ts`, statements, marks: mod.marks };
}

function predicate(f: IrFilter, mod: ModuleCx): string[] {
  if (f.conditions.length === 0) return ['return true;'];
  const out = ['const r = row as unknown as Source;'];
  const all: string[] = [];
  const any: string[] = [];
  for (const c of f.conditions) {
    const v = mod.fresh('c');
    mod.marks.push({ needle: `const ${v} = `, origin: c.test.origin });
    out.push(`const ${v} = ${gen(c.test.expr, mod)};`);
    (c.group === 'all' ? all : any).push(v);
  }
  if (any.length > 0) all.push(any.reduce((acc, v) => `rt.or(${acc}, ${v})`));
  out.push(`return rt.truth(${all.reduce((acc, v) => `rt.and(${acc}, ${v})`)});`);
  return out;
}

// Which condition runs where: pushed conditions are in $filter (full reads) AND in the predicate.
function filterComment(f: IrFilter): string {
  const lines = ['// Filter: the predicate is the whole filter (change-tracking reads cannot use $filter).'];
  f.conditions.forEach((c) => {
    const where = c.pushed
      ? '$filter + predicate'
      : `predicate only (${c.push.ok ? 'any: not every condition pushes down' : c.push.reason})`;
    lines.push(`//   [${c.group}] ${comment(c.test.text)}  -> ${where} (${at(c.origin)})`);
  });
  lines.push(`//   $filter: ${f.odata === null ? '(none)' : comment(f.odata)}`);
  return `${lines.join('\n')}\n`;
}
