import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDynamicsSnapshot, startDynamicsEmulator, type DynamicsEmulator } from '../../emulators/dynamics/index.ts';
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

const get = (path: string) => fetch(`${emu.apiUrl}${path}`, { headers: { Authorization: `Bearer ${token}` } });
const json = async (path: string) => (await (await get(path)).json()) as Record<string, unknown>;

describe('Dynamics emulator over the sandbox snapshot', () => {
  it('serves the CSDL snapshot bytes as-is', async () => {
    const r = await get('$metadata');
    expect(r.status).toBe(200);
    expect(Buffer.from(await r.arrayBuffer()).equals(await readFile(`${DIR}/dynamics/metadata.xml`))).toBe(true);
  });

  it('lists entity sets without abstract base types', async () => {
    const b = await json('');
    const names = (b['value'] as { name: string }[]).map((v) => v.name);
    expect(names).toContain('contacts');
    expect(names).not.toContain('');
  });

  it('returns an entity definition by key with MetadataId always included', async () => {
    const b = await json("EntityDefinitions(LogicalName='contact')?$select=LogicalName,EntitySetName");
    expect(b['@odata.context']).toBe(`${emu.apiUrl}$metadata#EntityDefinitions(LogicalName,EntitySetName)/$entity`);
    expect(b['LogicalName']).toBe('contact');
    expect(b['EntitySetName']).toBe('contacts');
    expect(typeof b['MetadataId']).toBe('string');
  });

  it('serves string lengths through the typed cast', async () => {
    const b = await json("EntityDefinitions(LogicalName='contact')/Attributes/Microsoft.Dynamics.CRM.StringAttributeMetadata?$select=LogicalName,MaxLength");
    expect(b['@odata.context']).toBe(`${emu.apiUrl}$metadata#EntityDefinitions('contact')/Attributes/Microsoft.Dynamics.CRM.StringAttributeMetadata(LogicalName,MaxLength)`);
    const v = b['value'] as Record<string, unknown>[];
    expect(v.every((a) => a['@odata.type'] === '#Microsoft.Dynamics.CRM.StringAttributeMetadata')).toBe(true);
    expect(v.find((a) => a['LogicalName'] === 'emailaddress1')?.['MaxLength']).toBe(100);
    expect(Object.keys(v[0] ?? {}).sort()).toEqual(['@odata.type', 'LogicalName', 'MaxLength', 'MetadataId']);
  });

  it('expands option sets only when asked', async () => {
    const path = "EntityDefinitions(LogicalName='contact')/Attributes/Microsoft.Dynamics.CRM.PicklistAttributeMetadata?$select=LogicalName";
    const plain = (await json(path))['value'] as Record<string, unknown>[];
    expect(plain.some((a) => 'OptionSet' in a)).toBe(false);
    const expanded = (await json(`${path}&$expand=OptionSet`))['value'] as Record<string, unknown>[];
    const gender = expanded.find((a) => a['LogicalName'] === 'gendercode') as { OptionSet: { Options: unknown[] } };
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
