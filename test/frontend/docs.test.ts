// docs/mapping-reference.md is generated from the schemas and must stay complete and current.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadYaml } from '../../compiler/load/index.ts';
import { SCHEMAS } from '../../compiler/validate/ajv.ts';
import {
  ALL_CODES,
  REFERENCE_FILE,
  mappingRowsByKind,
  renderReference,
} from '../../compiler/validate/docs.ts';
import { splitEventTypes } from '../../compiler/validate/docs-events.ts';
import { EXAMPLES } from '../../compiler/validate/docs-examples.ts';
import { validateMapping } from '../../compiler/validate/index.ts';
import { FIXTURES } from './helpers.ts';

type Schema = Record<string, unknown>;
const ROOT = path.join(FIXTURES, '..', '..', '..');
const reference = (): Promise<string> => readFile(path.join(ROOT, REFERENCE_FILE), 'utf8');

/** Every named property anywhere in a schema, with its schema (anyOf/oneOf "is present" helpers excluded). */
function properties(schema: unknown, out: [string, Schema][] = [], inBranch = false): [string, Schema][] {
  if (typeof schema !== 'object' || schema === null) return out;
  for (const [key, value] of Object.entries(schema as Schema)) {
    if (key === 'properties' && !inBranch)
      for (const [name, prop] of Object.entries(value as Record<string, Schema>)) out.push([name, prop]);
    const branch = key === 'anyOf' || key === 'oneOf';
    if (Array.isArray(value)) value.forEach((v) => properties(v, out, inBranch || branch));
    else properties(value, out, inBranch);
  }
  return out;
}

describe('mapping reference', () => {
  it('docs/mapping-reference.md is current (run `npx tsx compiler/validate/docs.ts --write`)', async () => {
    expect(await reference()).toBe(renderReference());
  });

  it('README.md links to it', async () => {
    expect(await readFile(path.join(ROOT, 'README.md'), 'utf8')).toContain(`](${REFERENCE_FILE})`);
  });

  it("README.md's mapping examples validate", async () => {
    const readme = await readFile(path.join(ROOT, 'README.md'), 'utf8');
    const blocks = [...readme.matchAll(/^```yaml\n([\s\S]*?)^```/gm)].map((m) => m[1] ?? '');
    expect(blocks.length).toBeGreaterThan(0);
    for (const yaml of blocks) {
      const { doc, diagnostics } = loadYaml('README.md', yaml);
      expect([...diagnostics, ...validateMapping(doc)]).toEqual([]);
    }
  });

  it('shows the keys event types share once, not once per type', () => {
    const text = renderReference();
    expect(text).toContain('| `types.<type>.activity` |');
    for (const type of ['send', 'open', 'click', 'bounce'])
      expect(text, type).not.toContain(`| \`types.${type}.activity\` |`);
    expect(text).toContain('| `types.bounce.hardOnly` |');
  });

  it('keeps a per-type wording or a key only some types have in the per-type table', () => {
    const row = (p: string, description = 'd') => ({ path: p, type: 'string', required: false, description });
    const { top, shared, perType } = splitEventTypes([
      row('types'),
      ...['a', 'b', 'c'].flatMap((t) => [row(`types.${t}`, t), row(`types.${t}.key`)]),
      row('types.c.extra'),
      row('types.c.key2', 'c only wording'),
      row('types.a.key2'),
      row('types.b.key2'),
    ]);
    expect(top.map((r) => r.path)).toEqual(['types']);
    expect(shared.map((r) => r.path)).toEqual(['types.<type>.key', 'types.<type>.key2']);
    expect(perType.map((r) => r.path)).toEqual([
      'types.a',
      'types.b',
      'types.c',
      'types.c.extra',
      'types.c.key2',
    ]);
  });

  it('documents every schema property in docs/mapping-reference.md', async () => {
    const text = await reference();
    for (const [name] of [...properties(SCHEMAS.mapping), ...properties(SCHEMAS.tenant)]) {
      const documented = new RegExp(`\\| \`([^\`|]*[.\\]])?${name.replace(/[$]/g, '\\$')}\` \\|`).test(text);
      expect(documented, `property "${name}" is not documented in ${REFERENCE_FILE}`).toBe(true);
    }
  });

  it('gives every property and definition a description', () => {
    for (const schema of [SCHEMAS.mapping, SCHEMAS.tenant]) {
      for (const [name, prop] of properties(schema))
        expect(typeof prop['description'], `property ${name}`).toBe('string');
      for (const [name, def] of Object.entries((schema['$defs'] ?? {}) as Record<string, Schema>))
        expect(typeof def['description'], `$defs/${name}`).toBe('string');
    }
  });

  it('has examples that validate and use every key of their kind', () => {
    const rows = mappingRowsByKind();
    for (const kind of ['entity', 'events', 'optout'] as const) {
      const { doc, diagnostics } = loadYaml(`${kind}.yaml`, EXAMPLES[kind]);
      expect([...diagnostics, ...validateMapping(doc)]).toEqual([]);
      // event types share their keys, and follow-up fields are ordinary fields: one use covers each
      const norm = (p: string): string =>
        p
          .replace(/^types\.(send|open|click|bounce)\./, 'types.<type>.')
          .replace('followUp.fields.<field>.', 'fields.<field>.');
      const used = new Set(keyPaths(doc.value).map(norm));
      for (const row of rows[kind])
        expect(used.has(norm(row.path)), `${kind} example lacks ${row.path}`).toBe(true);
    }
  });

  it('lists every diagnostic code', async () => {
    const text = await reference();
    expect(ALL_CODES.map((c) => c.code)).toContain('FERRY114');
    for (const c of ALL_CODES) expect(text).toContain(`| ${c.code} |`);
  });
});

// Key paths of a value in the docs' notation: map entries under fields/links/values become placeholders.
function keyPaths(value: unknown, prefix = '', parentKey = ''): string[] {
  if (Array.isArray(value)) return value.flatMap((v) => keyPaths(v, `${prefix.slice(0, -1)}[].`));
  if (typeof value !== 'object' || value === null) return [];
  const placeholder = (
    { fields: '<field>', links: '<link>', values: '<source value>' } as Record<string, string>
  )[parentKey];
  return Object.entries(value).flatMap(([key, v]) => {
    const name = placeholder ?? key;
    const here = `${prefix}${name}`;
    return [here, ...(parentKey === 'values' ? [] : keyPaths(v, `${here}.`, placeholder ? '' : key))];
  });
}
