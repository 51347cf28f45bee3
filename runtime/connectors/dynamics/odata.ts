// OData 4.0 headers and URL pieces for the Dataverse Web API: request headers, the API base URL, query strings, id checks.
import { RecordError } from '../../../core/errors.ts';
import { isGuid } from '../../../core/guid.ts';
import { encodeComponent, queryString } from '../../http/encode.ts';

export const ODATA_HEADERS: Readonly<Record<string, string>> = {
  accept: 'application/json',
  'odata-maxversion': '4.0',
  'odata-version': '4.0',
  'if-none-match': 'null',
};

export const JSON_BODY: Readonly<Record<string, string>> = {
  ...ODATA_HEADERS,
  'content-type': 'application/json',
};

/** `https://org.crm.dynamics.com` -> `https://org.crm.dynamics.com/api/data/v9.2/` */
export const apiBase = (envUrl: string): string => `${envUrl.replace(/\/+$/, '')}/api/data/v9.2/`;

/** Query strings go through the one encoder (runtime/http/encode.ts). */
export const encodeQueryValue = (v: string): string => encodeComponent(v);
export const query = queryString;

export function assertGuid(id: string): string {
  if (!isGuid(id))
    throw new RecordError('FERRY_DYNAMICS_BAD_ID', `Not a GUID: ${JSON.stringify(id.slice(0, 60))}`, {
      details: { id: id.slice(0, 60) },
    });
  return id.toLowerCase();
}

/** Make an OData link absolute against the service root (links may be absolute or relative). */
export const resolveLink = (link: string, base: string): string => new URL(link, base).toString();
