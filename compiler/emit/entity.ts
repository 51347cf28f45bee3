// IrEntityFlow -> module: Source/Target types, predicate, transform and the EntityFlow object.
import { StructureKind } from 'ts-morph';
import type { IrEntityFlow } from '../ir/index.ts';
import { _, comment, id, lit } from './code.ts';
import { ModuleCx } from './context.ts';
import { filterComment, predicate } from './filter.ts';
import { at } from './header.ts';
import {
  body,
  constant,
  entitySetRef,
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
      properties: n.sourceTypes.map(([name, type]) => ({
        name: lit(name).toString(),
        type,
        isReadonly: true,
      })),
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
      statements: body(matchBody),
    },
    {
      kind: StructureKind.Function,
      name: 'transform',
      parameters: [{ name: 'row', type: 'SourceRow' }],
      returnType: 'Target',
      leadingTrivia: `// Transform: ${comment(n.source.entity)} row -> ${comment(n.target.resource)} record.\n`,
      statements: body([_`const r = row as unknown as Source;`, ...transformBody]),
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
          [
            ['entity', lit(n.source.entity)],
            ['entitySet', entitySetRef(n.source.entitySet)],
            ['primaryKey', lit(n.source.primaryKey)],
          ],
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
        ['matches', id('matches')],
        ['transform', id('transform')],
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
