// The Dynamics side of the HTTP layer: OData headers, request counting, errors with the API's message.
import { entityUrl } from '../../http/encode.ts';
import { expectOk } from '../../http/errors.ts';
import type { HttpRequest, HttpResponse, Send } from '../../http/types.ts';
import { JSON_BODY, ODATA_HEADERS } from './odata.ts';

export class DynamicsHttp {
  requests = 0;

  constructor(
    private readonly send: Send,
    /** Service root ending in /api/data/v9.2/. */
    readonly base: string,
  ) {}

  /** A fixed path below the service root (`$batch`, `$metadata`, an entity set from the bundle). */
  url(path: string): string {
    return `${this.base}${path.replace(/^\/+/, '')}`;
  }

  /** One record's URL: the key predicate percent-encoded by the one encoder (throws RecordError on control characters). */
  recordUrl(entitySet: string, keyPredicate: string): string {
    return entityUrl(this.base, entitySet, keyPredicate);
  }

  /** Raw call: the caller interprets the status. */
  async raw(req: HttpRequest): Promise<HttpResponse> {
    this.requests++;
    const headers = { ...(req.body === undefined ? ODATA_HEADERS : JSON_BODY), ...req.headers };
    return this.send({ ...req, headers });
  }

  async get(url: string, prefer: string | undefined, what: string): Promise<HttpResponse> {
    return expectOk(await this.raw({ method: 'GET', url, ...(prefer ? { headers: { prefer } } : {}) }), what);
  }
}
