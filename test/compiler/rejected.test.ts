// Rejected expressions: each one yields a diagnostic with a stable code at the exact YAML line:col
// inside the expression. Golden file: golden/rejected.txt (UPDATE_GOLDEN=1 regenerates it).
import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkExpressions } from '../../compiler/expr/check-project.ts';
import { attr, cfield, entity, resolveEntity, resource } from './helpers.ts';

const BAD = [
  'firstname.length',
  'firstname["x"]',
  'eval("1")',
  'firstname = "x"',
  'new Date()',
  'import("fs")',
  'this',
  'globalThis',
  'constructor',
  '[...firstname]',
  '() => 1',
  'typeof firstname',
  'delete firstname',
  'void 0',
  '/abc/.test(firstname)',
  '(firstname, lastname)',
  '"a" in firstname',
  'firstname instanceof Object',
  'frstname',
  'lower(firstname).trim()',
  'upper(1)',
  'left(firstname)',
  'firstname == 1',
  'now()',
  'firstname; lastname',
  'lower(firstname',
];

const src = entity('contact', [
  attr('firstname', 'Edm.String'),
  attr('lastname', 'Edm.String'),
  attr('birthdate', 'Edm.Date'),
]);
const res = resource('profile', [cfield('note', 'string'), cfield('birthDate', 'date')]);

function yaml(): string {
  const lines = [
    'version: 1',
    'kind: entity',
    'name: bad',
    'source: { entity: contact }',
    'target: { resource: profile, key: externalId }',
    'fields:',
  ];
  BAD.forEach((e, i) => lines.push(`  f${i}:`, `    expr: ${JSON.stringify(e)}`));
  lines.push('  birthDate: { expr: "  firstname" }');
  return `${lines.join('\n')}\n`;
}

describe('rejected expressions', () => {
  const project = resolveEntity('mappings/bad.yaml', yaml(), src, res);
  const { diagnostics } = checkExpressions(project);
  const text =
    diagnostics
      .map((d) => `${d.file}:${d.line}:${d.col} ${d.code} ${d.message}${d.hint ? ` (hint: ${d.hint})` : ''}`)
      .join('\n') + '\n';

  it('every bad expression is reported, at least one per entry', () => {
    for (let i = 0; i < BAD.length; i++)
      expect(
        diagnostics.some((d) => d.pointer === `/fields/f${i}/expr`),
        BAD[i],
      ).toBe(true);
    expect(BAD.length).toBeGreaterThanOrEqual(15);
  });

  it('matches the golden diagnostics byte for byte', () => {
    const golden = new URL('./golden/rejected.txt', import.meta.url);
    if (process.env['UPDATE_GOLDEN'] === '1') writeFileSync(golden, text);
    expect(text).toBe(readFileSync(golden, 'utf8'));
  });

  it('points inside the expression (column of the offending token)', () => {
    // f0 = 'firstname.length' on line 8, value starts at col 11 (after `    expr: "`).
    const d0 = diagnostics.find((d) => d.pointer === '/fields/f0/expr');
    expect(d0?.code).toBe('FERRY203');
    expect([d0?.line, d0?.col]).toEqual([8, 12]);
    const unknown = diagnostics.find((d) => d.pointer === '/fields/f18/expr');
    expect(unknown?.hint).toContain('firstname');
    // a string into a Campaign `date` field: error at the expression, hint date(...)
    const tgt = diagnostics.find((d) => d.pointer === '/fields/birthDate/expr');
    expect(tgt?.code).toBe('FERRY210');
    expect(tgt?.hint).toContain('date(...)');
  });
});
