// IrEventsFlow -> module: one transform per enabled event type (and follow-up) and the EventsFlow.
import { StructureKind } from 'ts-morph';
import type { IrActivity, IrEventsFlow } from '../ir/index.ts';
import { _, comment, id, lit, type Code } from './code.ts';
import { ModuleCx } from './context.ts';
import { at } from './header.ts';
import {
  body,
  constant,
  name as safeName,
  entitySetRef,
  exportDefault,
  hoisted,
  imports,
  obj,
  type ModuleOut,
  type ObjProps,
  type Stmt,
} from './module.ts';
import { transformStatements } from './transform.ts';

export function emitEvents(n: IrEventsFlow, version: string, lib: string): ModuleOut {
  const mod = new ModuleCx('e');
  const fns: Stmt[] = [];
  const types: [string, ObjProps][] = [];
  for (const t of n.types) {
    const fn = (a: IrActivity, name: string): Code => {
      fns.push({
        kind: StructureKind.Function,
        name: safeName(name),
        parameters: [{ name: 'e', type: 'EventRecord' }],
        returnType: 'TargetRecord',
        leadingTrivia: `// ${comment(t.type)} -> ${comment(a.entity)} (${at(t.origin)}).\n`,
        statements: body(transformStatements(a.transform, mod)),
      });
      return id(name);
    };
    const main = fn(t.activity, `${t.type}Activity`);
    const follow = t.followUp ? fn(t.followUp, `${t.type}FollowUp`) : null;
    const write = (a: IrActivity, f: Code): [string, Code][] => [
      ['entity', lit(a.entity)],
      ['entitySet', entitySetRef(a.entitySet)],
      ['key', lit(a.key)],
      ['regardingNav', lit(a.regardingNav)],
      ['transform', f],
    ];
    const props: [string, Code | ObjProps][] = [
      ...write(t.activity, main),
      ['origin', lit({ file: t.origin.file, line: t.origin.line, col: t.origin.col })],
      [
        'followUp',
        t.followUp && follow
          ? [...write(t.followUp, follow), ['dueInDays', lit(t.followUp.dueInDays)]]
          : _`null`,
      ],
    ];
    types.push([t.type, props]);
  }
  const statements: Stmt[] = [
    ...imports(version, [n.sourceFile], lib, ['EventRecord', 'EventsFlow', 'TargetRecord']),
    ...hoisted(mod),
    ...fns,
    constant(
      'flow',
      'EventsFlow',
      obj([
        ['kind', lit('events')],
        ['name', lit(n.name)],
        ['origin', lit({ file: n.origin.file, line: n.origin.line, col: n.origin.col })],
        [
          'contact',
          [
            ['entity', lit(n.contact.entity)],
            ['entitySet', entitySetRef(n.contact.entitySet)],
            ['primaryKey', lit(n.contact.primaryKey)],
          ],
        ],
        ['types', types.length === 0 ? _`{}` : types],
        ['hardBouncesOnly', lit(n.hardBouncesOnly)],
      ]),
      `// Flow ${comment(n.name)} (${at(n.origin)}).\n`,
    ),
    exportDefault('flow'),
  ];
  return { file: `${n.module}.ts`, statements, marks: mod.marks };
}
