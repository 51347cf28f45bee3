// IrOptoutFlow -> module with decide(): the conflict rule as a pure function.
// adobe (OPT-2): Campaign strictly newer -> Campaign value wins; otherwise (or a tie, or a time
//   unknown) opt-out = true wins if either side is true.
// strict: an opt-out (true) wins unless the other side holds a strictly newer explicit opt-in (false).
import { StructureKind } from 'ts-morph';
import type { IrOptoutFlow } from '../ir/index.ts';
import { _, comment, id, lit, type Code } from './code.ts';
import { ModuleCx } from './context.ts';
import { at } from './header.ts';
import {
  body,
  constant,
  entitySetRef,
  exportDefault,
  imports,
  obj,
  type ModuleOut,
  type Stmt,
} from './module.ts';

const HELPERS: Stmt[] = [
  {
    kind: StructureKind.Function,
    name: 'newer',
    parameters: [
      { name: 'a', type: 'OptoutSide' },
      { name: 'b', type: 'OptoutSide' },
    ],
    returnType: 'boolean',
    leadingTrivia: '// Strictly newer; an unknown time is never newer.\n',
    statements: body([
      _`return a.modifiedAt !== null && b.modifiedAt !== null && a.modifiedAt.getTime() > b.modifiedAt.getTime();`,
    ]),
  },
  {
    kind: StructureKind.Function,
    name: 'when',
    parameters: [{ name: 's', type: 'OptoutSide' }],
    returnType: 'string',
    statements: body([_`return s.modifiedAt === null ? "unknown time" : s.modifiedAt.toISOString();`]),
  },
];

const ADOBE: readonly Code[] = [
  _`if (c.value !== null && newer(c, d)) {`,
  _`  return { value: c.value, winner: "campaign", reason: \`Campaign changed later (\${when(c)} > \${when(d)}): Campaign value \${c.value} wins\` };`,
  _`}`,
  _`const value = d.value === true || c.value === true;`,
  _`const winner = value === (d.value ?? false) ? "dynamics" : "campaign";`,
  _`const reason = value ? \`opt-out wins: \${winner === "dynamics" ? "Dynamics" : "Campaign"} is true (Campaign not newer: \${when(c)} vs \${when(d)})\` : "neither side opted out";`,
  _`return { value, winner, reason };`,
];

const STRICT: readonly Code[] = [
  _`if (d.value === true && c.value === false && newer(c, d)) {`,
  _`  return { value: false, winner: "campaign", reason: \`newer explicit opt-in in Campaign (\${when(c)} > \${when(d)})\` };`,
  _`}`,
  _`if (c.value === true && d.value === false && newer(d, c)) {`,
  _`  return { value: false, winner: "dynamics", reason: \`newer explicit opt-in in Dynamics (\${when(d)} > \${when(c)})\` };`,
  _`}`,
  _`if (d.value === true) return { value: true, winner: "dynamics", reason: "opt-out wins: Dynamics is true" };`,
  _`if (c.value === true) return { value: true, winner: "campaign", reason: "opt-out wins: Campaign is true" };`,
  _`return d.value !== null ? { value: false, winner: "dynamics", reason: "neither side opted out" } : { value: false, winner: "campaign", reason: "neither side opted out" };`,
];

export function emitOptout(n: IrOptoutFlow, version: string, lib: string): ModuleOut {
  const mod = new ModuleCx('r');
  const statements: Stmt[] = [
    ...imports(version, [n.sourceFile], lib, ['OptoutDecision', 'OptoutFlow', 'OptoutSide']),
    ...HELPERS,
    {
      kind: StructureKind.Function,
      name: 'decide',
      parameters: [
        { name: 'd', type: 'OptoutSide' },
        { name: 'c', type: 'OptoutSide' },
      ],
      returnType: 'OptoutDecision',
      leadingTrivia: `// Conflict rule \`${n.rule}\` for one field pair (d = Dynamics, c = Campaign).\n`,
      statements: body(n.rule === 'adobe' ? ADOBE : STRICT),
    },
    constant(
      'flow',
      'OptoutFlow',
      obj([
        ['kind', lit('optout')],
        ['name', lit(n.name)],
        ['origin', lit({ file: n.origin.file, line: n.origin.line, col: n.origin.col })],
        ['direction', lit(n.direction)],
        ['rule', lit(n.rule)],
        [
          'source',
          [
            ['entity', lit(n.source.entity)],
            ['entitySet', entitySetRef(n.source.entitySet)],
            ['primaryKey', lit(n.source.primaryKey)],
            ['modifiedField', lit(n.source.modifiedField)],
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
        ['pairs', lit(n.pairs.map((p) => ({ dynamics: p.dynamics, campaign: p.campaign })))],
        ['decide', id('decide')],
      ]),
      `// Flow ${comment(n.name)} (${at(n.origin)}); pairs: ${n.pairs.map((p) => `${at(p.origin)}`).join(', ')}.\n`,
    ),
    exportDefault('flow'),
  ];
  return { file: `${n.module}.ts`, statements, marks: mod.marks };
}
