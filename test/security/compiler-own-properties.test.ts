// Attack: a row without a column named like an Object.prototype member (`toString`, `__proto__`,
// `constructor`, `valueOf`) must read as absent, not as the inherited function or prototype.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Bundle, EntityFlow } from '../../runtime/contract.ts';
import { own } from '../../runtime/lib/index.ts';
import { attr, cfield, entity, resolveEntity, resource } from '../compiler/helpers.ts';
import { backEnd } from '../compiler/pipeline.ts';

const NAMES = ['toString', '__proto__', 'constructor', 'valueOf'];
const out = mkdtempSync(path.join(tmpdir(), 'ferry-own-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

const src = entity(
  'contact',
  NAMES.map((n) => attr(n, 'Edm.String')),
);
const res = resource('profile', [
  ...NAMES.map((n) => cfield(`t_${n}`, 'string')),
  cfield('viaExpr', 'string'),
]);
const fields: Record<string, unknown> = Object.fromEntries(NAMES.map((n) => [`t_${n}`, { from: n }]));
fields['viaExpr'] = { expr: 'coalesce(valueOf, "none")' };
const mapping = {
  version: 1,
  kind: 'entity',
  name: 'own',
  source: { entity: 'contact' },
  target: { resource: 'profile', key: 'externalId' },
  fields,
};

describe('generated code reads own properties only', () => {
  const project = resolveEntity('mappings/own.yaml', JSON.stringify(mapping, null, 2), src, res);
  const { diagnostics, files } = backEnd(project, out);

  it('compiles', () => {
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(files?.get('own.ts')).toContain('rt.own(r, "toString")');
  });

  it('absent inherited-name columns are undefined, present ones pass through', async () => {
    for (const [name, text] of files ?? []) writeFileSync(path.join(out, name), text);
    const bundle = ((await import(path.join(out, 'index.js'))) as { default: Bundle }).default;
    const flow = bundle.flows[0] as EntityFlow;
    const rec = flow.transform({ contactid: 'id' });
    for (const n of NAMES) expect(rec[`t_${n}`] ?? undefined).toBeUndefined();
    expect(rec['viaExpr']).toBe('none');
    const full = flow.transform(
      Object.fromEntries([['contactid', 'id'], ...NAMES.map((n) => [n, `v:${n}`])]),
    );
    for (const n of NAMES) expect(full[`t_${n}`]).toBe(`v:${n}`);
    expect(full['viaExpr']).toBe('v:valueOf');
  });

  it('the accessor ignores the prototype chain', () => {
    const row = Object.create({ inherited: 'x' }) as Record<string, unknown>;
    expect(own(row, 'inherited')).toBeUndefined();
    expect(own({} as Record<string, unknown>, '__proto__')).toBeUndefined();
    expect(own({ a: 1 }, 'a')).toBe(1);
  });
});
