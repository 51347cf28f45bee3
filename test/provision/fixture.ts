// Provisioning against an emulated org: the metadata endpoints over the runtime's own DynamicsHttp.
import { DynamicsHttp } from '../../runtime/connectors/dynamics/http.ts';
import type { HttpResponse, Send } from '../../runtime/http/types.ts';
import { metadataApi, type MetadataApi, type WaitOptions } from '../../runtime/provision/index.ts';
import type { DynamicsEmulator } from '../../emulators/dynamics/index.ts';

export function apiFor(emu: DynamicsEmulator, token: string): MetadataApi {
  const send: Send = async (req) => {
    const res = await fetch(req.url, {
      method: req.method,
      headers: { ...req.headers, Authorization: `Bearer ${token}` },
      ...(req.body === undefined ? {} : { body: req.body }),
    });
    const headers: Record<string, string> = {};
    res.headers.forEach((v, k) => (headers[k] = v));
    const out: HttpResponse = { status: res.status, headers, body: await res.text(), url: req.url };
    return out;
  };
  return metadataApi(new DynamicsHttp(send, emu.apiUrl));
}

/** Polls without sleeping: the emulated keys are built by the next request once their delay has passed. */
export const noWait: WaitOptions = {
  timeoutMs: 0,
  intervalMs: 0,
  now: () => 0,
  sleep: async () => undefined,
};
