// The manifest records, per flow, where its YAML uses each fingerprinted field, so drift messages can
// point at the field's own line instead of the mapping's `name:`.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compileProject } from '../../compiler/index.ts';
import type { Manifest } from '../../runtime/contract.ts';

const result = await compileProject({ root: '.', tenant: 'sandbox', write: false });
const manifest = JSON.parse(result.files?.get('manifest.json') ?? '{}') as Manifest;
const fields = (flow: string) => manifest.flows.find((f) => f.name === flow)?.fields ?? {};

/** 1-based line and column of `needle` on the first line of `file` containing `line`. */
function at(file: string, line: string, needle: string): { file: string; line: number; col: number } {
  const lines = readFileSync(file, 'utf8').split('\n');
  const i = lines.findIndex((l) => l.includes(line));
  return { file, line: i + 1, col: lines[i]!.indexOf(needle, lines[i]!.indexOf(line)) + 1 };
}

describe('manifest field origins', () => {
  it('point at the from: column and at the target field key', () => {
    const c = fields('contacts');
    expect(c['dynamics:contact']?.['lastname']).toEqual(
      at('mappings/contacts.yaml', 'lastName:', 'lastname'),
    );
    expect(c['dynamics:contact']?.['telephone1']).toEqual(
      at('mappings/contacts.yaml', 'phone:', 'telephone1'),
    );
    expect(c['campaign:profile']?.['lastName']).toEqual(
      at('mappings/contacts.yaml', 'lastName:', 'lastName'),
    );
  });

  it('cover the opt-out pairs and the activity key, and only fingerprinted fields', () => {
    const o = fields('optout');
    expect(o['campaign:profile']?.['denyList']).toEqual(
      at('mappings/optout.yaml', 'campaign: denyList }', 'denyList'),
    );
    expect(fields('email-events')['dynamics:ferry_emailsend']?.['ferry_eventid']?.line).toBe(
      at('mappings/email-events.yaml', 'key: ferry_eventid', 'ferry_eventid').line,
    );
    for (const f of manifest.flows)
      for (const [key, byField] of Object.entries(f.fields ?? {}))
        for (const field of Object.keys(byField)) expect(manifest.fingerprints[key]).toHaveProperty(field);
  });
});
