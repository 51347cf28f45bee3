// A long-running runtime re-imports index.js?h=<bundleHash> after a recompile; the flow modules are
// imported with ?v=<content hash>, so it must see the new transform, not a cached module.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import type { Bundle, EntityFlow } from '../../runtime/contract.ts';
import { writeBundle } from '../../compiler/write/index.ts';
import { attr, cfield, entity, resolveEntity, resource } from './helpers.ts';
import { backEnd } from './pipeline.ts';

const out = mkdtempSync(path.join(tmpdir(), 'ferry-reload-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

const src = entity('contact', [attr('firstname', 'Edm.String')]);
const res = resource('profile', [cfield('greeting', 'string')]);
const yaml = (word: string): string =>
  `version: 1\nkind: entity\nname: c\nsource: { entity: contact }\ntarget: { resource: profile, key: externalId }\nfields:\n  greeting: { expr: "concat('${word} ', firstname)" }\n`;

async function compileAndLoad(word: string, tag: string): Promise<EntityFlow> {
  const { files } = backEnd(resolveEntity('mappings/c.yaml', yaml(word), src, res), out);
  if (!files) throw new Error('did not compile');
  await writeBundle(out, files);
  const mod = (await import(`${pathToFileURL(path.join(out, 'index.js')).href}?h=${tag}`)) as {
    default: Bundle;
  };
  return mod.default.flows[0] as EntityFlow;
}

describe('bundle reload', () => {
  it('a recompiled bundle imported again in the same process runs the new code', async () => {
    expect((await compileAndLoad('Hello', '1')).transform({ firstname: 'Ann' })).toEqual({
      greeting: 'Hello Ann',
    });
    expect((await compileAndLoad('Bye', '2')).transform({ firstname: 'Ann' })).toEqual({
      greeting: 'Bye Ann',
    });
  });
});
