import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSnapshotDynamics, type SnapshotDynamics } from './dynamics-snapshot-fixture.ts';

let t: SnapshotDynamics;
const FN = 'Microsoft.Dynamics.CRM.RetrieveUserPrivileges';
interface RolePrivilege {
  PrivilegeName: string;
  Depth: string;
  PrivilegeId: string;
  BusinessUnitId: string;
}

beforeAll(async () => {
  t = await startSnapshotDynamics('priv-client');
});
afterAll(async () => t.emu.close());

async function privileges(userId: string): Promise<RolePrivilege[]> {
  const b = await t.json(`systemusers(${userId})/${FN}()`);
  expect(b['@odata.context']).toBe(
    `${t.emu.apiUrl}$metadata#Microsoft.Dynamics.CRM.RetrieveUserPrivilegesResponse`,
  );
  return b['RolePrivileges'] as RolePrivilege[];
}

describe('Dynamics emulator: RetrieveUserPrivileges', () => {
  it("lists the caller's table privileges at Global depth, in its business unit", async () => {
    const who = await t.json('WhoAmI');
    const list = await privileges(String(who['UserId']));
    const read = list.find((p) => p.PrivilegeName === 'prvReadcontact');
    expect(read).toMatchObject({ Depth: 'Global', BusinessUnitId: who['BusinessUnitId'] });
    expect(read?.PrivilegeId).toMatch(/^[0-9a-f-]{36}$/);
    for (const verb of ['Create', 'Write', 'Append', 'AppendTo'])
      expect(list.some((p) => p.PrivilegeName === `prv${verb}ferry_emailopen`)).toBe(true);
  });

  it('leaves out a revoked privilege and reports a narrowed depth', async () => {
    const id = String((await t.json('WhoAmI'))['UserId']);
    t.emu.privileges.revoke('prvCreateferry_emailopen');
    t.emu.privileges.grant('prvReadcontact', 'Basic');
    const list = await privileges(id);
    t.emu.privileges.reset();
    expect(list.some((p) => p.PrivilegeName === 'prvCreateferry_emailopen')).toBe(false);
    expect(list.find((p) => p.PrivilegeName === 'prvReadcontact')?.Depth).toBe('Basic');
  });

  it('answers 404 for an unknown user and the "No HTTP resource" 404 for POST', async () => {
    const missing = await t.api('GET', `systemusers(00000000-0000-4000-8000-00000000abcd)/${FN}()`);
    expect(missing.status).toBe(404);
    const id = String((await t.json('WhoAmI'))['UserId']);
    const post = await t.api('POST', `systemusers(${id})/${FN}`, { body: {} });
    expect(post.status).toBe(404);
    expect(((await post.json()) as { error: { message: string } }).error.message).toMatch(/No HTTP resource/);
  });
});
