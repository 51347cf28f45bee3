// JournalPort over Adobe I/O Events journaling: since/limit, Link rel="next", 204 + retry-after.
import type { Json } from '../contract.ts';
import { FerryError, HttpError } from '../../core/errors.ts';
import { queryString } from '../http/encode.ts';
import { httpError, parseJson } from '../http/errors.ts';
import type { HttpResponse, Send } from '../http/types.ts';
import type { JournalBatch, JournalEntry, JournalPort } from '../ports.ts';

export interface JournalConnectorOptions {
  readonly journalUrl: string;
  /** Authenticated pipeline (Bearer + x-api-key). */
  readonly send: Send;
}

/** `<url>; rel="next", <url2>; rel="prev"` -> next URL resolved against the request URL. */
export function nextLink(header: string | undefined, requestUrl: string): string | null {
  if (!header) return null;
  for (const part of header.split(/,(?=\s*<)/)) {
    const m = /^\s*<([^>]*)>\s*;(.*)$/.exec(part);
    if (m && /\brel\s*=\s*"?next"?/i.test(m[2] ?? '')) return new URL(m[1] ?? '', requestUrl).toString();
  }
  return null;
}

/** 410 Gone (the emulator's and HTTP's meaning), or an error body naming an expired position. */
const isExpired = (res: HttpResponse): boolean => {
  if (res.status === 410) return true;
  if (res.status < 400 || res.status >= 500) return false;
  try {
    return (JSON.parse(res.body) as { error?: unknown }).error === 'position_expired';
  } catch {
    return false;
  }
};

export class JournalConnector implements JournalPort {
  readonly stats = { requests: 0 };
  /** The server's next link for the position we last returned: followed instead of building a URL. */
  private next: { after: string | null; limit: number; url: string } | null = null;

  constructor(private readonly opts: JournalConnectorOptions) {}

  private urlFor(since: string | null, limit: number): string {
    if (this.next && this.next.after === since && this.next.limit === limit) return this.next.url;
    const u = new URL(this.opts.journalUrl);
    const q = queryString({ since: since ?? undefined, limit: String(limit) }).slice(1);
    u.search = u.search === '' ? q : `${u.search.slice(1)}&${q}`;
    return u.toString();
  }

  async read(since: string | null, limit: number): Promise<JournalBatch> {
    const url = this.urlFor(since, limit);
    this.stats.requests++;
    const res = await this.opts.send({ method: 'GET', url, headers: { accept: 'application/json' } });
    if (isExpired(res)) {
      this.next = null;
      throw new FerryError(
        'FERRY_JOURNAL_POSITION_EXPIRED',
        `Journal position ${since ?? '(start)'} has expired: events after it were lost; reset to the oldest or latest position`,
        {
          details: { since, status: res.status },
        },
      );
    }
    const link = nextLink(res.headers.link, url);
    if (res.status === 204) {
      if (link) this.next = { after: since, limit, url: link };
      const ra = Number.parseInt(res.headers['retry-after'] ?? '', 10);
      return { entries: [], retryAfter: Number.isFinite(ra) ? ra : null };
    }
    if (res.status !== 200) throw httpError(res, 'Journal read');
    const body = parseJson<{ events?: readonly { position?: unknown; event?: Json }[] }>(res, 'Journal read');
    const entries: JournalEntry[] = (body.events ?? []).map((e) => {
      if (typeof e.position !== 'string')
        throw new HttpError('FERRY_JOURNAL_BAD_BODY', 'Journal event without a position');
      return { position: e.position, event: e.event ?? null };
    });
    const last = entries[entries.length - 1]?.position ?? since;
    this.next = link ? { after: last, limit, url: link } : null;
    return { entries, retryAfter: null };
  }
}
