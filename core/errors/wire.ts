// What an HTTP status or a socket error means for a sync: may the request be sent again, is it one record's
// problem. Every layer (HTTP retry, both connectors, the engine, the CLI) asks here and nowhere else.
//
// The decision, by the wire facts of both APIs:
// - 408, 429, 502, 503, 504 are transient. 429 and 503 mean the server refused the request before doing any
//   work, so even a POST is sent again; after 408/502/504 or a dropped connection a POST may already have been
//   applied, so only an idempotent request (GET, PATCH/PUT/DELETE, a POST marked idempotent such as an upsert
//   by key) is resent.
// - 500 is never transient: Campaign answers a record's data errors with it (read-only field, engine errors
//   `RST-…`/`XTK-…`) and Dynamics a plug-in's refusal; resending gives the same answer. A Campaign 500 that
//   carries an engine message on a write is that record's problem (dead-letter it, go on); Campaign's gateway
//   500 "Oops. Something went wrong" means a wrong URL or organization, and a Dynamics 500 says nothing about
//   one record: both stop the flow.
// - 413 (body too large) on a request that carries one record is that record's problem. A connector that packs
//   many records into one request splits it on 413 until the request fits or holds one record.
// - Other 4xx are the record's problem (bad value, missing key, duplicate, not found), except 401 and 403
//   (credentials) which stop the flow.

export type HttpMethod = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
export type Service = 'dynamics' | 'campaign' | 'journal' | 'ims' | 'entra';

export interface StatusContext {
  readonly method?: HttpMethod;
  /** Overrides the method's default (every method but POST is idempotent). */
  readonly idempotent?: boolean | undefined;
  readonly service?: Service;
  /** The API's own message, when the body had one. */
  readonly message?: string;
}

export interface StatusVerdict {
  /** The same request may succeed later. */
  readonly transient: boolean;
  /** Transient and safe to send again (the server did no work, or the request is idempotent). */
  readonly resend: boolean;
  /** The record's problem: dead-letter it and go on. */
  readonly recordLevel: boolean;
}

const TRANSIENT = new Set([408, 429, 502, 503, 504]);
const REFUSED = new Set([429, 503]);
const CREDENTIALS = new Set([401, 403]);
/** Campaign's gateway answer to a wrong host, URI or organization. */
export const CAMPAIGN_GATEWAY_OOPS = /^Oops\. Something went wrong/;

export const isIdempotent = (req: {
  readonly method: HttpMethod;
  readonly idempotent?: boolean | undefined;
}): boolean => req.idempotent ?? req.method !== 'POST';

/** A Campaign answer whose message comes from the engine (a record's data), not from the gateway. */
export const isCampaignEngineMessage = (message: string | undefined): boolean =>
  message !== undefined && message !== '' && !CAMPAIGN_GATEWAY_OOPS.test(message);

export function classifyStatus(status: number, ctx: StatusContext = {}): StatusVerdict {
  const transient = TRANSIENT.has(status);
  const idempotent = isIdempotent({ method: ctx.method ?? 'GET', idempotent: ctx.idempotent });
  const recordLevel =
    status === 500
      ? ctx.service === 'campaign' && isCampaignEngineMessage(ctx.message)
      : status >= 400 && status < 500 && !transient && !CREDENTIALS.has(status);
  return { transient, resend: transient && (idempotent || REFUSED.has(status)), recordLevel };
}

// Socket errors after which the same request may succeed; anything else is a bug or a bad URL.
const TRANSIENT_NETWORK = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'EPIPE',
  'ETIMEDOUT',
  'EAI_AGAIN',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'UND_ERR_CLOSED',
]);

/** A network failure worth another try (only for an idempotent request: the first may have been applied). */
export const isTransientNetwork = (code: string): boolean => TRANSIENT_NETWORK.has(code);

/** The request was too big or too slow as a whole: a multi-record request should be split. */
export const isTooLarge = (status: number | undefined, networkCode: string): boolean =>
  status === 413 || (status === undefined && /TIMEOUT/.test(networkCode));
