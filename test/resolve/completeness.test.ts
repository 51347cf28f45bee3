// A tenant whose snapshot has only metadata.xml (no dynamics/entities/*.json): every check that needs
// attribute definitions either runs or is reported once per table, on the mapping that needs it.
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { validateProject } from '../../compiler/index.ts';
import type { Diagnostic } from '../../compiler/diagnostics/diagnostic.ts';

const SANDBOX = 'tenants/sandbox';
const roots: string[] = [];
afterAll(() => roots.forEach((r) => rmSync(r, { recursive: true, force: true })));

/** A project with the default mappings (some replaced) and the sandbox snapshot minus the entity files. */
function project(
  mappings: Readonly<Record<string, string>>,
  entities: Readonly<Record<string, unknown>> = {},
) {
  const root = mkdtempSync(path.join(tmpdir(), 'ferry-nodefs-'));
  roots.push(root);
  const meta = path.join(root, 'tenants', 'nodefs', 'metadata');
  cpSync('mappings', path.join(root, 'mappings'), { recursive: true });
  cpSync(path.join(SANDBOX, 'metadata', 'campaign'), path.join(meta, 'campaign'), { recursive: true });
  mkdirSync(path.join(meta, 'dynamics'), { recursive: true });
  cpSync(
    path.join(SANDBOX, 'metadata', 'dynamics', 'metadata.xml'),
    path.join(meta, 'dynamics', 'metadata.xml'),
  );
  if (Object.keys(entities).length > 0) mkdirSync(path.join(meta, 'dynamics', 'entities'));
  for (const [name, body] of Object.entries(entities))
    writeFileSync(path.join(meta, 'dynamics', 'entities', `${name}.json`), JSON.stringify(body));
  const tenant = readFileSync(path.join(SANDBOX, 'tenant.yaml'), 'utf8').replace(
    /^name: sandbox$/m,
    'name: nodefs',
  );
  writeFileSync(path.join(root, 'tenants', 'nodefs', 'tenant.yaml'), tenant);
  for (const [name, text] of Object.entries(mappings))
    writeFileSync(path.join(root, 'mappings', `${name}.yaml`), text);
  return root;
}

const contacts = readFileSync('mappings/contacts.yaml', 'utf8');
const withGender = (line: string, mode = 'label'): string =>
  contacts.replace(/^ {2}gender: .*$/m, `  ${line}`).replace(/^picklists: label$/m, `picklists: ${mode}`);

async function diagnose(root: string): Promise<Diagnostic[]> {
  return [...(await validateProject({ root, tenant: 'nodefs' })).diagnostics];
}
const missing = (ds: readonly Diagnostic[]): Diagnostic[] => ds.filter((d) => d.code === 'FERRY131');
const lineOf = (text: string, needle: string): number =>
  text.split('\n').findIndex((l) => l.includes(needle)) + 1;

describe('metadata.xml without attribute definitions', () => {
  it('the default mappings get one diagnostic per table naming the missing file and the skipped checks', async () => {
    const ds = await diagnose(project({}));
    // vehicles sends the picklist ferry_fueltype as its label: without definitions that is an error.
    const vehicles = readFileSync('mappings/vehicles.yaml', 'utf8');
    expect(ds.filter((d) => d.severity === 'error').map((d) => [d.code, d.file, d.line])).toEqual([
      ['FERRY131', 'mappings/vehicles.yaml', lineOf(vehicles, 'fuelType:')],
    ]);
    const m = missing(ds);
    expect(m.find((d) => d.message.includes("'ferry_vehicle'"))?.message).toContain(
      'integer columns written into number fields are taken as numbers, not picklists (vehicles.year from ferry_year)',
    );
    const tables = m.map((d) => /table '(\w+)'/.exec(d.message)?.[1]);
    expect(new Set(tables).size).toBe(tables.length);
    const contact = m.find((d) => d.message.includes("table 'contact'"));
    expect(contact?.severity).toBe('warning');
    expect(contact?.file).toBe('mappings/contacts.yaml');
    expect(contact?.message).toContain('tenants/nodefs/metadata/dynamics/entities/contact.json not found');
    // `gender: { from: gendercode, values: …, default: unknown }`: keys unchecked, no label needed.
    expect(contact?.message).toContain(
      'value-map keys are not checked against the option set (contacts.gender',
    );
    expect(contact?.message).toContain('column lengths are not compared');
    expect(contact?.line).toBe(lineOf(contacts, '  lastName:')); // the first field that needs them
  });

  it('`picklists: label` on a column that may be a picklist is an error at its `from:`', async () => {
    const text = withGender('gender: { from: gendercode }');
    const ds = missing(await diagnose(project({ contacts: text })));
    const contact = ds.filter((d) => d.message.includes("table 'contact'"));
    expect(contact).toHaveLength(1);
    expect(contact[0]?.severity).toBe('error');
    expect(contact[0]?.message).toContain(
      'integer columns that may be picklists cannot be sent as labels (contacts.gender from gendercode)',
    );
    expect(contact[0]?.line).toBe(lineOf(text, '  gender:'));
    expect(contact[0]?.col).toBe(text.split('\n')[lineOf(text, '  gender:') - 1]!.indexOf('gendercode') + 1);
    expect(contact[0]?.hint).toContain('picklists: value');
  });

  it('`picklists: value` sends the codes: only a warning that the enumeration is not checked', async () => {
    const ds = await diagnose(project({ contacts: withGender('gender: { from: gendercode }', 'value') }));
    const contact = missing(ds).find((d) => d.message.includes("table 'contact'"));
    expect(contact?.severity).toBe('warning');
    expect(contact?.message).toContain('option values are not checked against the target enumeration');
  });

  it('a wrong value-map key is a warning without definitions and an error with them', async () => {
    const text = withGender('gender: { from: gendercode, values: { 7: male }, default: unknown }');
    const without = await diagnose(project({ contacts: text }));
    expect(without.filter((d) => d.code === 'FERRY108')).toEqual([]);
    expect(missing(without).find((d) => d.message.includes("table 'contact'"))?.message).toContain(
      'value-map keys',
    );
    const defs = JSON.parse(
      readFileSync(`${SANDBOX}/metadata/dynamics/entities/contact.json`, 'utf8'),
    ) as unknown;
    const withDefs = await diagnose(project({ contacts: text }, { contact: defs }));
    expect(withDefs.filter((d) => d.code === 'FERRY108').map((d) => d.severity)).toEqual(['error']);
    expect(missing(withDefs).filter((d) => d.message.includes("table 'contact'"))).toEqual([]);
  });

  it('a picklist whose definition lists no options cannot be sent as a label', async () => {
    const contact = {
      LogicalName: 'contact',
      Attributes: [{ LogicalName: 'gendercode', AttributeType: 'Picklist', OptionSet: { Options: [] } }],
    };
    const text = withGender('gender: { from: gendercode }');
    const ds = await diagnose(project({ contacts: text }, { contact }));
    const e = ds.filter((d) => d.code === 'FERRY132');
    expect(e.map((d) => [d.severity, d.line])).toEqual([['error', lineOf(text, '  gender:')]]);
    expect(e[0]?.message).toContain('contact.gendercode');
  });
});
