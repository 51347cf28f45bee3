// The README mapping reference is generated from the schemas and must stay complete and current.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ALL_FRONTEND_CODES } from '../../compiler/diagnostics/codes.ts';
import { loadYaml } from '../../compiler/load/index.ts';
import { SCHEMAS } from '../../compiler/validate/ajv.ts';
import { END, START, mappingRowsByKind, renderReference } from '../../compiler/validate/docs.ts';
import { EXAMPLES } from '../../compiler/validate/docs-examples.ts';
import { validateMapping } from '../../compiler/validate/index.ts';
import { FIXTURES } from './helpers.ts';

type Schema = Record<string, unknown>;
const readme = (): Promise<string> => readFile(path.join(FIXTURES, '..', '..', '..', 'README.md'), 'utf8');

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
  it('README.md holds the current generated section (run `npx tsx compiler/validate/docs.ts --write`)', async () => {
    const text = await readme();
    const section = text.slice(text.indexOf(START), text.indexOf(END) + END.length);
    expect(section).toBe(renderReference());
  });

  it('documents every schema property in README.md', async () => {
    const text = await readme();
    for (const [name] of [...properties(SCHEMAS.mapping), ...properties(SCHEMAS.tenant)]) {
      const documented = new RegExp(`\\| \`([^\`|]*[.\\]])?${name.replace(/[$]/g, '\\$')}\` \\|`).test(text);
      expect(documented, `property "${name}" is not documented in README.md`).toBe(true);
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
    const text = await readme();
    for (const c of ALL_FRONTEND_CODES) expect(text).toContain(`| ${c.code} |`);
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
