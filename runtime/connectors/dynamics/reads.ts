// Paged reads: full reads with $filter, change-tracking initial reads and delta reads (Prefer: odata.maxpagesize, odata.track-changes).
import type { SourceRow } from '../../contract.ts';
import { parseJson } from '../../http/errors.ts';
import type { DynamicsPage } from '../../ports.ts';
import type { DynamicsHttp } from './http.ts';
import { resolveLink } from './odata.ts';

interface ODataPage {
  readonly value?: readonly Record<string, unknown>[];
  readonly '@odata.nextLink'?: string;
  readonly '@odata.deltaLink'?: string;
}

const isDeleted = (row: Record<string, unknown>): boolean =>
  typeof row['@odata.context'] === 'string' && (row['@odata.context'] as string).endsWith('$deletedEntity');

/** Follow @odata.nextLink exactly (never edit $skiptoken), keeping the same Prefer header on every page. */
export async function* readPages(
  http: DynamicsHttp,
  firstUrl: string,
  prefer: string,
  what: string,
): AsyncIterable<DynamicsPage> {
  let url: string | undefined = firstUrl;
  while (url) {
    // Any non-2xx throws HttpError with its status; for a stored deltaLink a 4xx tells the engine to re-read.
    const res = await http.get(url, prefer, what);
    const body = parseJson<ODataPage>(res, what);
    const rows: SourceRow[] = [];
    const deleted: string[] = [];
    for (const row of body.value ?? []) {
      if (isDeleted(row)) {
        if (typeof row.id === 'string') deleted.push(row.id.toLowerCase());
      } else rows.push(row);
    }
    const next = body['@odata.nextLink'];
    const delta = body['@odata.deltaLink'];
    url = next ? resolveLink(next, http.base) : undefined;
    yield delta && !next ? { rows, deleted, deltaLink: resolveLink(delta, http.base) } : { rows, deleted };
  }
}
