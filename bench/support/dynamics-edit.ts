// Edits Dynamics rows the way a user's client would: a bearer token from the Entra token endpoint and a PATCH
// through the Web API, so modifiedon and the change-tracking version advance exactly as on a real edit.
import { FerryError } from '../../core/errors.ts';
import type { HostInfo } from './emulator-protocol.ts';

export interface DynamicsEditor {
  /** PATCHes `values` onto `<set>(<id>)`; resolves once Dynamics answered 204. */
  patch(set: string, id: string, values: Readonly<Record<string, unknown>>): Promise<void>;
}

export async function dynamicsEditor(info: HostInfo, clientId: string): Promise<DynamicsEditor> {
  const form = new URLSearchParams({
    grant_type: 'client_credentials',
    client_id: clientId,
    client_secret: info.dynamics.clientSecret,
    scope: `${info.dynamics.url}/.default`,
  });
  const res = await fetch(info.dynamics.tokenUrl, { method: 'POST', body: form });
  const body = (await res.json()) as { access_token?: string };
  if (!res.ok || body.access_token === undefined)
    throw new FerryError('FERRY_BENCH_CHILD', `token for the edits: HTTP ${res.status}`);
  const headers = {
    authorization: `Bearer ${body.access_token}`,
    'content-type': 'application/json',
    'odata-version': '4.0',
    'odata-maxversion': '4.0',
  };
  return {
    async patch(set, id, values) {
      const r = await fetch(`${info.dynamics.url}/api/data/v9.2/${set}(${id})`, {
        method: 'PATCH',
        headers,
        body: JSON.stringify(values),
      });
      if (r.status !== 204)
        throw new FerryError('FERRY_BENCH_CHILD', `PATCH ${set}(${id}): HTTP ${r.status} ${await r.text()}`);
    },
  };
}
