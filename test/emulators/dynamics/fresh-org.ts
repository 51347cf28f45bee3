// The sandbox org before provisioning: the snapshot with the four Campaign activity tables cut out of the CSDL
// (types, sets, bound actions, the contact/account navigations to them) and of the EntityDefinitions files.
import {
  loadDynamicsSnapshot,
  startDynamicsEmulator,
  type DynamicsEmulator,
} from '../../../emulators/dynamics/index.ts';
import { readCsdl } from '../../../emulators/dynamics/schema/csdl.ts';
import { applyEntityDefinitions } from '../../../emulators/dynamics/schema/entity-definitions.ts';
import type { Clock } from '../../../emulators/common/clock.ts';
import { TokenRegistry } from '../../../emulators/entra/tokens.ts';

export const EVENT_TABLES = ['ferry_emailsend', 'ferry_emailopen', 'ferry_emailclick', 'ferry_emailbounce'];

export function withoutTables(xml: string, tables: readonly string[]): string {
  let out = xml;
  for (const t of tables) {
    out = out
      .replace(new RegExp(`\\s*<EntityType Name="${t}"[\\s\\S]*?</EntityType>`), '')
      .replace(new RegExp(`\\s*<EntitySet Name="${t}s"[\\s\\S]*?</EntitySet>`), '')
      .replace(
        new RegExp(`\\s*<NavigationProperty Name="[^"]*" Type="Collection\\(mscrm\\.${t}\\)"[^>]*/>`, 'g'),
        '',
      )
      .replace(
        new RegExp(
          `\\s*<Action Name="\\w+" IsBound="true">\\s*<Parameter Name="entityset" Type="Collection\\(mscrm\\.${t}\\)"[\\s\\S]*?</Action>`,
          'g',
        ),
        '',
      );
  }
  return out;
}

export interface FreshOrg {
  readonly emu: DynamicsEmulator;
  readonly token: string;
  api(method: string, path: string, body?: unknown): Promise<Response>;
}

export async function startFreshOrg(
  opts: { clock?: Clock; keyIndexDelayMs?: number; without?: readonly string[] } = {},
): Promise<FreshOrg> {
  const { without = EVENT_TABLES, ...emuOpts } = opts;
  const snap = await loadDynamicsSnapshot('tenants/sandbox/metadata');
  const csdlXml = withoutTables(snap.csdlXml, without);
  const defs = new Map([...snap.entityDefinitions].filter(([k]) => !without.includes(k)));
  const tokens = new TokenRegistry();
  const emu = await startDynamicsEmulator({
    metadata: applyEntityDefinitions(readCsdl(csdlXml), defs),
    csdlXml,
    entityDefinitions: defs,
    tokens,
    limits: false,
    ...emuOpts,
  });
  const { token } = tokens.issue({ subject: 'provision', tenantId: 't', audience: emu.url }, 3600);
  const api: FreshOrg['api'] = (method, path, body) =>
    fetch(`${emu.apiUrl}${path}`, {
      method,
      headers: {
        Authorization: `Bearer ${token}`,
        Accept: 'application/json',
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  return { emu, token, api };
}
