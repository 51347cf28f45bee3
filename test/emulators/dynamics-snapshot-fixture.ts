// The Dataverse emulator over the sandbox tenant's snapshot files (real CSDL: partners, computed columns).
import {
  loadDynamicsSnapshot,
  startDynamicsEmulator,
  type DynamicsEmulator,
} from '../../emulators/dynamics/index.ts';
import { TokenRegistry } from '../../emulators/entra/tokens.ts';

export interface SnapshotDynamics {
  readonly emu: DynamicsEmulator;
  /** fetch below the API root with a valid token; an object body is sent as JSON. */
  api(
    method: string,
    path: string,
    init?: { headers?: Record<string, string>; body?: object | string },
  ): Promise<Response>;
  /** GET and parse the JSON body. */
  json(path: string, headers?: Record<string, string>): Promise<Record<string, unknown>>;
}

export async function startSnapshotDynamics(subject = 'snapshot-client'): Promise<SnapshotDynamics> {
  const tokens = new TokenRegistry();
  const emu = await startDynamicsEmulator({
    ...(await loadDynamicsSnapshot('tenants/sandbox/metadata')),
    tokens,
    limits: false,
  });
  const { token } = tokens.issue({ subject, tenantId: 't', audience: emu.url }, 3600);
  const api: SnapshotDynamics['api'] = (method, path, init = {}) =>
    fetch(`${emu.apiUrl}${path}`, {
      method,
      headers: {
        Authorization: `Bearer ${token}`,
        Accept: 'application/json',
        ...(typeof init.body === 'object' ? { 'Content-Type': 'application/json' } : {}),
        ...init.headers,
      },
      ...(init.body === undefined
        ? {}
        : { body: typeof init.body === 'string' ? init.body : JSON.stringify(init.body) }),
    });
  return {
    emu,
    api,
    json: async (path, headers) =>
      (await (await api('GET', path, headers ? { headers } : {})).json()) as Record<string, unknown>,
  };
}
