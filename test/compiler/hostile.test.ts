// Hostile names and values (quotes, backticks, ${, */, newlines, U+2028, unicode, __proto__) in
// column names, field names, defaults, constants and value maps compile, type-check and behave.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Bundle, EntityFlow } from '../../runtime/contract.ts';
import { attr, cfield, entity, resolveEntity, resource } from './helpers.ts';
import { backEnd } from './pipeline.ts';

const EVIL = [
  "we'ird",
  'dq"x',
  'back`tick',
  '${x}',
  '*/end',
  'new\nline',
  'ünï',
  'ls\u2028ps\u2029',
  '__proto__',
  '</script>',
];
const out = mkdtempSync(path.join(tmpdir(), 'ferry-hostile-'));
afterAll(() => (process.env['KEEP_OUT'] === '1' ? undefined : rmSync(out, { recursive: true, force: true })));

const src = entity('contact', [
  ...EVIL.map((n) => attr(n, 'Edm.String')),
  attr('code', 'Edm.Int32'),
  attr('ünï2', 'Edm.String'),
]);
const res = resource('profile', [
  ...EVIL.map((n) => cfield(`t_${n}`, 'string')),
  cfield('__proto__', 'string'),
  cfield('mapped', 'string'),
  cfield('konst', 'string'),
  cfield('expr', 'string'),
]);
const fields: Record<string, unknown> = {};
for (const n of EVIL)
  fields[`t_${n}`] = { from: n, default: `dflt ${n} */ \${boom} \``, description: `*/ ${n}` };
fields['mapped'] = {
  from: 'code',
  values: Object.fromEntries(EVIL.map((n, i) => [String(i), `v'${n}"`]).concat([['__proto__', 'polluted']])),
  default: '`${process.exit(1)}`',
};
Object.defineProperty(fields, '__proto__', {
  value: { from: '__proto__' },
  enumerable: true,
  writable: true,
  configurable: true,
});
fields['konst'] = { value: "*/ console.log('x') /* ${1} `" };
fields['expr'] = { expr: 'concat(ünï2, \'*/\', "${x}", `\\``, left(ünï2, 1))' };
const mapping = {
  version: 1,
  kind: 'entity',
  name: 'hostile',
  source: { entity: 'contact' },
  target: { resource: 'profile', key: 'externalId' },
  fields,
  filter: { all: ["ünï2 != 'O\\'Br\"ian`${x}*/'"] },
};

describe('hostile names and values', () => {
  const project = resolveEntity('mappings/hostile.yaml', JSON.stringify(mapping, null, 2), src, res);
  const { diagnostics, files } = backEnd(project, out);

  it('compile and type-check cleanly', () => {
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(files).not.toBeNull();
  });

  it('keep comments closed and literals escaped', () => {
    const text = files?.get('hostile.ts') ?? '';
    // No input text may close a comment or open a template substitution in generated code.
    const comments = text.split('\n').filter((l) => l.trimStart().startsWith('//'));
    for (const c of comments) expect(c).not.toMatch(/\*\/|\u2028|\u2029/);
    expect(text).not.toContain('${boom}');
    expect(text).not.toContain('process.exit(1)}`');
    expect(text).not.toMatch(/[\u2028\u2029]/);
  });

  it('behave: values arrive unchanged, maps cannot be polluted', async () => {
    for (const [name, text] of files ?? []) writeFileSync(path.join(out, name), text);
    const bundle = ((await import(path.join(out, 'index.js'))) as { default: Bundle }).default;
    const flow = bundle.flows[0] as EntityFlow;
    // Object.fromEntries defines own properties, as JSON.parse does for a column named __proto__.
    const row = Object.fromEntries([
      ['contactid', 'id'],
      ['code', 1],
      ['ünï2', 'Zoë'],
      ...EVIL.map((n) => [n, `val:${n}`]),
    ]) as Record<string, unknown>;
    const rec = flow.transform(row);
    expect(Object.getPrototypeOf(rec)).toBe(Object.prototype);
    expect(Object.hasOwn(rec, '__proto__')).toBe(true);
    expect(rec['__proto__']).toBe('val:__proto__');
    for (const n of EVIL) expect(rec[`t_${n}`]).toBe(`val:${n}`);
    expect(rec['mapped']).toBe(`v'${EVIL[1]}"`);
    expect(rec['konst']).toBe("*/ console.log('x') /* ${1} `");
    expect(rec['expr']).toBe('Zoë*/${x}`Z');
    const empty = flow.transform({ contactid: 'id', code: 999, ünï2: null });
    expect(empty["t_we'ird"]).toBe("dflt we'ird */ ${boom} `");
    expect(empty['mapped']).toBe('`${process.exit(1)}`');
    expect(flow.transform({ contactid: 'id', code: '__proto__' })['mapped']).toBe('polluted');
    expect(flow.transform({ contactid: 'id', code: 'constructor' })['mapped']).toBe('`${process.exit(1)}`');
    expect(flow.select).toEqual(expect.arrayContaining(EVIL));
    expect(flow.odataFilter).toBe("ünï2 ne 'O''Br\"ian`${x}*/'");
    expect(flow.matches({ ünï2: 'o\'br"IAN`${x}*/' })).toBe(false);
    expect(flow.matches({ ünï2: 'other' })).toBe(true);
  });
});
