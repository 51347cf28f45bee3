import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  loadDynamicsSnapshot,
  startDynamicsEmulator,
  type DynamicsEmulator,
} from '../../emulators/dynamics/index.ts';
import { TokenRegistry } from '../../emulators/entra/tokens.ts';

const DIR = 'tenants/sandbox/metadata';
let emu: DynamicsEmulator;
let token = '';

beforeAll(async () => {
  const tokens = new TokenRegistry();
  emu = await startDynamicsEmulator({ ...(await loadDynamicsSnapshot(DIR)), tokens });
  token = tokens.issue({ subject: 's', tenantId: 't', audience: emu.url }, 3600).token;
});
afterAll(async () => emu.close());

const get = (path: string) =>
  fetch(`${emu.apiUrl}${path}`, { headers: { Authorization: `Bearer ${token}` } });
const json = async (path: string) => (await (await get(path)).json()) as Record<string, unknown>;

describe('Dynamics emulator over the sandbox snapshot', () => {
  it('serves the CSDL snapshot bytes as-is', async () => {
    const r = await get('$metadata');
    expect(r.status).toBe(200);
    expect(Buffer.from(await r.arrayBuffer()).equals(await readFile(`${DIR}/dynamics/metadata.xml`))).toBe(
      true,
    );
  });

  it('lists entity sets without abstract base types', async () => {
    const b = await json('');
    const names = (b['value'] as { name: string }[]).map((v) => v.name);
    expect(names).toContain('contacts');
    expect(names).not.toContain('');
  });

  it('returns an entity definition by key with MetadataId always included', async () => {
    const b = await json("EntityDefinitions(LogicalName='contact')?$select=LogicalName,EntitySetName");
    expect(b['@odata.context']).toBe(
      `${emu.apiUrl}$metadata#EntityDefinitions(LogicalName,EntitySetName)/$entity`,
    );
    expect(b['LogicalName']).toBe('contact');
    expect(b['EntitySetName']).toBe('contacts');
    expect(typeof b['MetadataId']).toBe('string');
  });

  it('serves string lengths through the typed cast', async () => {
    const b = await json(
      "EntityDefinitions(LogicalName='contact')/Attributes/Microsoft.Dynamics.CRM.StringAttributeMetadata?$select=LogicalName,MaxLength",
    );
    expect(b['@odata.context']).toBe(
      `${emu.apiUrl}$metadata#EntityDefinitions('contact')/Attributes/Microsoft.Dynamics.CRM.StringAttributeMetadata(LogicalName,MaxLength)`,
    );
    const v = b['value'] as Record<string, unknown>[];
    expect(v.every((a) => a['@odata.type'] === '#Microsoft.Dynamics.CRM.StringAttributeMetadata')).toBe(true);
    expect(v.find((a) => a['LogicalName'] === 'emailaddress1')?.['MaxLength']).toBe(100);
    expect(Object.keys(v[0] ?? {}).sort()).toEqual(['@odata.type', 'LogicalName', 'MaxLength', 'MetadataId']);
  });

  it('expands option sets only when asked', async () => {
    const path =
      "EntityDefinitions(LogicalName='contact')/Attributes/Microsoft.Dynamics.CRM.PicklistAttributeMetadata?$select=LogicalName";
    const plain = (await json(path))['value'] as Record<string, unknown>[];
    expect(plain.some((a) => 'OptionSet' in a)).toBe(false);
    const expanded = (await json(`${path}&$expand=OptionSet`))['value'] as Record<string, unknown>[];
    const gender = expanded.find((a) => a['LogicalName'] === 'gendercode') as {
      OptionSet: { Options: unknown[] };
    };
    expect(gender.OptionSet.Options.length).toBeGreaterThan(0);
  });

  it('rejects $top/$skip/$orderby on metadata with 0x80060888', async () => {
    for (const q of ['$top=1', '$orderby=LogicalName', '$skip=1']) {
      const r = await get(`EntityDefinitions?${q}`);
      expect(r.status).toBe(400);
      expect(((await r.json()) as { error: { code: string } }).error.code).toBe('0x80060888');
    }
  });

  it('filters EntityDefinitions by ChangeTrackingEnabled', async () => {
    const b = await json('EntityDefinitions?$select=LogicalName&$filter=ChangeTrackingEnabled eq true');
    const names = (b['value'] as { LogicalName: string }[]).map((v) => v.LogicalName);
    expect(names).toContain('contact');
  });

  it('validates writes against snapshot lengths', async () => {
    const r = await fetch(`${emu.apiUrl}contacts`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ emailaddress1: `${'x'.repeat(95)}@ex.com` }),
    });
    expect(r.status).toBe(400);
    expect(((await r.json()) as { error: { message: string } }).error.message).toBe(
      "A validation error occurred.  The length of the 'emailaddress1' attribute of the 'contact' entity exceeded the maximum allowed length of '100'.",
    );
  });
});

describe('EntityDefinitions $expand=Attributes (§12.3)', () => {
  type Attr = Record<string, unknown>;
  const attrs = (b: Record<string, unknown>) => b['Attributes'] as Attr[];

  it('returns the Attributes with the entity, even when $select does not name them, option sets unexpanded', async () => {
    const b = await json(
      "EntityDefinitions(LogicalName='contact')?$select=LogicalName,EntitySetName,ChangeTrackingEnabled&$expand=Attributes",
    );
    expect(b['@odata.context']).toBe(
      `${emu.apiUrl}$metadata#EntityDefinitions(LogicalName,EntitySetName,ChangeTrackingEnabled,Attributes())/$entity`,
    );
    expect(b['LogicalName']).toBe('contact');
    expect(b).not.toHaveProperty('SchemaName');
    const list = attrs(b);
    const snapshot = JSON.parse(await readFile(`${DIR}/dynamics/entities/contact.json`, 'utf8')) as {
      Attributes: Attr[];
    };
    expect(list.map((a) => a['LogicalName'])).toEqual(snapshot.Attributes.map((a) => a['LogicalName']));
    const email = list.find((a) => a['LogicalName'] === 'emailaddress1') as Attr;
    expect(email['@odata.type']).toBe('#Microsoft.Dynamics.CRM.StringAttributeMetadata');
    expect(list.every((a) => !('OptionSet' in a) && !('GlobalOptionSet' in a))).toBe(true);
  });

  it('applies a nested $select, keeping @odata.type and MetadataId', async () => {
    const b = await json(
      "EntityDefinitions(LogicalName='contact')?$select=LogicalName&$expand=Attributes($select=LogicalName)",
    );
    expect(b['@odata.context']).toBe(
      `${emu.apiUrl}$metadata#EntityDefinitions(LogicalName,Attributes(LogicalName))/$entity`,
    );
    for (const a of attrs(b))
      expect(Object.keys(a).sort()).toEqual(['@odata.type', 'LogicalName', 'MetadataId']);
  });

  it('expands on the collection too, and answers 501 for what it does not model', async () => {
    const b = await json(
      "EntityDefinitions?$select=LogicalName&$filter=LogicalName eq 'account'&$expand=Attributes($select=LogicalName)",
    );
    const v = b['value'] as Record<string, unknown>[];
    expect(v).toHaveLength(1);
    expect(attrs(v[0] as Record<string, unknown>).some((a) => a['LogicalName'] === 'accountid')).toBe(true);
    expect((await get("EntityDefinitions(LogicalName='contact')?$expand=Keys")).status).toBe(501);
    expect(
      (
        await get(
          "EntityDefinitions(LogicalName='contact')?$expand=Attributes($filter=IsCustomAttribute eq true)",
        )
      ).status,
    ).toBe(501);
    expect(
      (await get("EntityDefinitions(LogicalName='contact')?$expand=Attributes($select=LogicalName")).status,
    ).toBe(400);
  });
});
