// ferry metadata import: files exported with a browser or the API become snapshot files; typed-cast
// option sets and Campaign filter listings merge in; a poorer file is refused; an unknown file is named.
import { cp, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import type { CliIo } from '../../cli/context.ts';
import { main } from '../../cli/main.ts';

let root: string;
let exports: string;
const SANDBOX = 'tenants/sandbox/metadata';
type Json = Record<string, unknown>;

async function ferry(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CliIo = { out: (t) => void (out += `${t}\n`), err: (t) => void (err += `${t}\n`), color: false };
  const code = await main([...args, '--root', root], io);
  return { code, out, err };
}

const importing = (...files: string[]) =>
  ferry('metadata', 'import', '--tenant', 'sandbox', ...files.map((f) => path.join(exports, f)));

async function exported(name: string, body: unknown): Promise<void> {
  await writeFile(path.join(exports, name), typeof body === 'string' ? body : JSON.stringify(body));
}

const sandboxJson = async (rel: string): Promise<Json> =>
  JSON.parse(await readFile(path.join(SANDBOX, rel), 'utf8')) as Json;

beforeEach(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'ferry-import-'));
  exports = await mkdtemp(path.join(tmpdir(), 'ferry-exports-'));
  for (const d of ['mappings', 'schemas', 'tenants/sandbox'])
    await cp(d, path.join(root, d), { recursive: true, filter: (s) => !s.includes('.state') });
});

/** contact.json as the plain `$expand=Attributes` export returns it: no option sets. */
async function plainContact(): Promise<{ plain: Json; casts: Json }> {
  const full = await sandboxJson('dynamics/entities/contact.json');
  const attrs = full['Attributes'] as Json[];
  const plain = {
    ...full,
    Attributes: attrs.map(({ OptionSet: _o, GlobalOptionSet: _g, ...a }) => a),
  };
  const picklists = attrs.filter((a) => a['OptionSet'] !== undefined);
  const casts = {
    '@odata.context':
      "https://org.crm.dynamics.com/api/data/v9.2/$metadata#EntityDefinitions('contact')/Attributes/Microsoft.Dynamics.CRM.PicklistAttributeMetadata(LogicalName,OptionSet)",
    value: picklists.map((a) => ({ LogicalName: a['LogicalName'], OptionSet: a['OptionSet'] })),
  };
  return { plain, casts };
}

describe('ferry metadata import', () => {
  it('refuses an export without option sets over a snapshot with labels', async () => {
    const { plain } = await plainContact();
    await exported('contact.json', plain);
    const r = await importing('contact.json');
    expect(r.code).toBe(3);
    expect(r.out).toMatch(/\/contact\.json: attribute definitions of contact$/m);
    expect(r.out).toMatch(/^ {2}contact: option labels of gendercode/m);
    expect(r.err).toMatch(/export the missing parts \(docs\/real-tenant-setup\.md\) or pass --force/);
  });

  it('accepts the same export with its typed-cast option sets, and reports no change', async () => {
    const { plain, casts } = await plainContact();
    await exported('contact.json', plain);
    await exported('picklists.json', casts);
    const r = await importing('contact.json', 'picklists.json');
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/\/picklists\.json: attributes of contact$/m);
    expect(r.out).not.toMatch(/lacks/);
    const written = JSON.parse(
      await readFile(path.join(root, SANDBOX, 'dynamics/entities/contact.json'), 'utf8'),
    ) as Json;
    const gender = (written['Attributes'] as Json[]).find((a) => a['LogicalName'] === 'gendercode');
    expect(gender?.['OptionSet']).toBeDefined();
  });

  it('takes $metadata, a Campaign resourceType with only a filters href, then its filter listing', async () => {
    await exported('metadata.xml', await readFile(path.join(SANDBOX, 'dynamics/metadata.xml'), 'utf8'));
    const visit = await sandboxJson('campaign/cusServiceVisit.json');
    const filters = visit['filters'] as Json;
    await exported('cusServiceVisit.json', { ...visit, filters: { href: filters['href'] } });
    await exported('cusServiceVisit-filters.json', filters);
    const r = await importing('metadata.xml', 'cusServiceVisit.json', 'cusServiceVisit-filters.json');
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/\/metadata\.xml: \$metadata$/m);
    expect(r.out).toMatch(/\/cusServiceVisit\.json: Campaign resource cusServiceVisit$/m);
    expect(r.out).toMatch(/\/cusServiceVisit-filters\.json: filters of cusServiceVisit$/m);
    expect(r.out).toMatch(/^no change since the last snapshot$/m);
  });

  it('names a file it does not recognise (exit 3) and writes nothing', async () => {
    await exported('notes.json', { hello: 'world' });
    const r = await importing('notes.json');
    expect(r.code).toBe(3);
    expect(r.err).toMatch(/^error: notes\.json: not recognised \(expected \$metadata XML/m);
  });

  it('--dry-run on a new table lists the file and writes nothing', async () => {
    const account = await sandboxJson('dynamics/entities/account.json');
    await exported('acct.json', { ...account, LogicalName: 'ferry_newtable' });
    const r = await ferry(
      'metadata',
      'import',
      '--tenant',
      'sandbox',
      '--dry-run',
      path.join(exports, 'acct.json'),
    );
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/^ {2}attribute definitions of table ferry_newtable added$/m);
    expect(r.out).toMatch(/would write tenants\/sandbox\/metadata\/dynamics\/entities\/ferry_newtable\.json/);
  });
});
